import type { ErrorCode } from '../errors.js';

/** Per-user jobs (LaunchAgents, systemd user units) or jobs that run with nobody logged in. */
export type JobsMode = 'user' | 'system';

/** A file's owner as numbers (root:wheel is 0:0). */
export interface FileOwner {
  readonly uid: number;
  readonly gid: number;
}

/** What writing a file does to what is there. */
export type FileChange =
  | { readonly kind: 'create' }
  | { readonly kind: 'same' }
  /** `previous` is what is replaced: printed, so a hand edit is never lost silently. */
  | { readonly kind: 'replace'; readonly previous: string };

/** One thing install or uninstall does, in order. A dry run prints them; apply carries them out. */
export type PlanStep =
  | {
      readonly kind: 'folder';
      readonly path: string;
      readonly owner?: FileOwner | undefined;
    }
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly content: string;
      /** e.g. 0o644; 0o600 for secrets. */
      readonly mode: number;
      readonly owner?: FileOwner | undefined;
      /** Its content is never printed (a dry run shows names and lengths). */
      readonly secret: boolean;
      readonly change: FileChange;
    }
  | { readonly kind: 'remove'; readonly path: string }
  | {
      readonly kind: 'command';
      readonly argv: readonly string[];
      /** Why it runs, in a few words. */
      readonly why: string;
      /** Added to the command's environment (e.g. XDG_RUNTIME_DIR for `systemctl --user`). */
      readonly env?: Readonly<Record<string, string>> | undefined;
      /** Tries, a second apart (a user manager that lingering has just started takes a moment). Default 1. */
      readonly attempts?: number | undefined;
      /**
       * `stop`: a failure ends the install with SchedulerError (hint attached); `ignore`: fine
       * either way (bootout of a job that is not loaded); `warn`: the text is reported.
       */
      readonly onFailure:
        | { readonly kind: 'stop'; readonly hint: string }
        | { readonly kind: 'ignore' }
        | { readonly kind: 'warn'; readonly text: string };
    };

/** A line for the person installing: what changed, what is left for them to do. */
export interface PlanNote {
  /** `action`: something only they can do (a command with sudo). */
  readonly level: 'info' | 'warn' | 'action';
  readonly text: string;
}

/** Why a plan cannot be carried out (it is still shown by a dry run). */
export interface PlanBlock {
  readonly code: Extract<ErrorCode, 'NO_PERMISSION' | 'SCHEDULER_FAILED' | 'CONFIG_INVALID'>;
  readonly message: string;
  readonly hint: string;
}

/** Everything an install or uninstall would do. */
export interface InstallPlan {
  readonly mode: JobsMode;
  readonly steps: readonly PlanStep[];
  readonly notes: readonly PlanNote[];
  readonly block?: PlanBlock | undefined;
}

/** Plans joined in order; the first block wins. */
export function joinPlans(mode: JobsMode, ...parts: readonly Partial<InstallPlan>[]): InstallPlan {
  const block = parts.find((p) => p.block !== undefined)?.block;
  return {
    mode,
    steps: parts.flatMap((p) => p.steps ?? []),
    notes: parts.flatMap((p) => p.notes ?? []),
    ...(block === undefined ? {} : { block }),
  };
}

/** What a file step does given what is on disk now (undefined: nothing there). */
export function fileChange(previous: string | undefined, content: string): FileChange {
  if (previous === undefined) return { kind: 'create' };
  if (previous === content) return { kind: 'same' };
  return { kind: 'replace', previous };
}

/** Lines of `before` missing from `after` (-) and lines new in `after` (+), in order: what a replace changes. */
export function changedLines(
  before: string,
  after: string,
): { readonly removed: readonly string[]; readonly added: readonly string[] } {
  const left = before.split('\n');
  const right = after.split('\n');
  const inRight = new Map<string, number>();
  for (const line of right) inRight.set(line, (inRight.get(line) ?? 0) + 1);
  const removed: string[] = [];
  for (const line of left) {
    const n = inRight.get(line) ?? 0;
    if (n > 0) inRight.set(line, n - 1);
    else removed.push(line);
  }
  const inLeft = new Map<string, number>();
  for (const line of left) inLeft.set(line, (inLeft.get(line) ?? 0) + 1);
  const added: string[] = [];
  for (const line of right) {
    const n = inLeft.get(line) ?? 0;
    if (n > 0) inLeft.set(line, n - 1);
    else added.push(line);
  }
  return { removed, added };
}

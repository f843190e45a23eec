import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_BIN, REPO_ROOT } from '../repo.js';

export type ToolName = 'launchctl' | 'pmset' | 'systemctl' | 'loginctl' | 'getent';

/** A pmset repeating event as the stand-in keeps it: type, day letters (null: "Some days"), HH:MM. */
export interface StandinEvent {
  readonly type: string;
  readonly days: string | null;
  readonly time: string;
}

/**
 * A sandbox of stand-in OS tools: a wrapper script per tool (pass `tools.launchctl` where the
 * adapter takes a command), one state folder, and the record of every call.
 */
export interface OsStandins {
  readonly dir: string;
  readonly tools: Readonly<Record<ToolName, string>>;
  /** Every call, in order: tool and arguments. */
  calls(): Promise<{ tool: ToolName; args: string[] }[]>;
  /** The calls of one tool, each as one line of arguments. */
  lines(tool: ToolName): Promise<string[]>;
  /** Whether the tools answer as for root (pmset repeat, launchctl system domain, systemctl). */
  setRoot(root: boolean): Promise<void>;
  /** Whether a user systemd runs (`systemctl --user` reaches it). */
  setUserManager(running: boolean): Promise<void>;
  /** loginctl: the user lingers (true), not (false), or has no session at all (undefined). */
  setLinger(user: string, linger: boolean | undefined): Promise<void>;
  /** Whether polkit lets a user enable their own lingering. */
  allowSelfLinger(allowed: boolean): Promise<void>;
  /** getent passwd lines by uid. */
  setUsers(users: Readonly<Record<string, string>>): Promise<void>;
  /** pmset's repeating events (and one-shot lines as pmset prints them). */
  setPmset(state: {
    on?: StandinEvent | null;
    off?: StandinEvent | null;
    oneShot?: string[];
    battery?: boolean;
    autorestart?: number;
  }): Promise<void>;
  pmsetState(): Promise<{ on: StandinEvent | null; off: StandinEvent | null }>;
  /** launchd services loaded, "domain/label" -> plist path. */
  launchdLoaded(): Promise<Record<string, string>>;
  /** systemd units enabled in a scope. */
  systemdEnabled(scope: 'user' | 'system'): Promise<string[]>;
  /** Registers a process as a job's running process: bootout/stop of that job kills it, as the OS would. */
  running(job: string, pid: number): Promise<void>;
  dispose(): Promise<void>;
}

export async function osStandins(): Promise<OsStandins> {
  const dir = await mkdtemp(join(tmpdir(), 'cbi-standins-'));
  const state = join(dir, 'state');
  await mkdir(join(state, 'running'), { recursive: true });
  await writeFile(join(state, 'calls.jsonl'), '');
  const script = join(REPO_ROOT, 'test/support/standins/os-tools.mjs');
  const tools = {} as Record<ToolName, string>;
  for (const tool of ['launchctl', 'pmset', 'systemctl', 'loginctl', 'getent'] as const) {
    const path = join(dir, tool);
    await writeFile(path, `#!/bin/sh\nexec '${NODE_BIN}' '${script}' ${tool} '${state}' "$@"\n`);
    await chmod(path, 0o755);
    tools[tool] = path;
  }
  const json = async <T>(name: string, fallback: T): Promise<T> =>
    readFile(join(state, name), 'utf8').then(
      (text) => JSON.parse(text) as T,
      () => fallback,
    );
  const flag = async (name: string, on: boolean): Promise<void> => {
    if (on) await writeFile(join(state, name), '1');
    else await rm(join(state, name), { force: true });
  };
  const calls = async (): Promise<{ tool: ToolName; args: string[] }[]> =>
    (await readFile(join(state, 'calls.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { tool: ToolName; args: string[] });
  return {
    dir,
    tools,
    calls,
    lines: async (tool) => (await calls()).filter((c) => c.tool === tool).map((c) => c.args.join(' ')),
    setRoot: (root) => flag('root', root),
    setUserManager: (running) => flag('user-manager', running),
    async setLinger(user, linger) {
      const all = await json<Record<string, boolean | undefined>>('linger.json', {});
      // undefined: logind knows no such user (JSON drops the key).
      await writeFile(join(state, 'linger.json'), JSON.stringify({ ...all, [user]: linger }));
    },
    allowSelfLinger: (allowed) => flag('polkit-allows-linger', allowed),
    setUsers: (users) => writeFile(join(state, 'users.json'), JSON.stringify(users)),
    async setPmset(next) {
      const current = await json('pmset.json', { on: null, off: null, oneShot: [] });
      await writeFile(join(state, 'pmset.json'), JSON.stringify({ ...current, ...next }));
    },
    pmsetState: () => json('pmset.json', { on: null, off: null }),
    launchdLoaded: () => json('launchd.json', {}),
    systemdEnabled: async (scope) =>
      Object.entries(await json<Record<string, boolean>>(`systemd-${scope}.json`, {}))
        .filter(([, on]) => on)
        .map(([unit]) => unit),
    running: (job, pid) => writeFile(join(state, 'running', job), String(pid)),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

import { join } from 'node:path';
import { HOME_FOLDERS } from '../../domain/doctor/home-judgements.js';
import { fileChange, type FileOwner, type PlanNote, type PlanStep } from '../../domain/jobs/install-plan.js';
import type { WantedWake } from '../../domain/jobs/repeating-wake.js';
import { LAYOUT } from '../../domain/layout.js';
import type { Machine } from '../../ports/machine.port.js';
import { secretsFileContent } from '../config/job-secrets.js';
import { recordShellOverrides } from '../config/record-home-config.js';
import { JOBS_STATE_FOLDER, SECRETS_FILE, WAKE_RECORD_FILE, type JobsSettings } from './jobs-settings.js';

/**
 * The home's folders (DESIGN.md, "On disk") and install's own folder, each owned by the user
 * the jobs run as: under sudo they would otherwise belong to root and the jobs could not write.
 */
export async function folderSteps(machine: Machine, home: string, owner: FileOwner): Promise<PlanStep[]> {
  const folders = new Set<string>([home]);
  for (const folder of [...HOME_FOLDERS, JOBS_STATE_FOLDER]) {
    const parts = folder.split('/');
    for (let i = 1; i <= parts.length; i += 1) folders.add(join(home, ...parts.slice(0, i)));
  }
  const steps: PlanStep[] = [];
  for (const path of folders)
    if ((await machine.folderState(path)) === 'missing') steps.push({ kind: 'folder', path, owner });
  return steps;
}

/**
 * The log files launchd appends the jobs' output to, made by the user when missing: launchd
 * would create them as root for a daemon, and the watchdog's catch-up runs (the user) could
 * then not append to them.
 */
export async function logFileSteps(machine: Machine, home: string, owner: FileOwner): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  for (const key of [LAYOUT.daemonStdout, LAYOUT.daemonStderr]) {
    const path = join(home, key);
    if ((await machine.fileMode(path)) !== undefined) continue;
    steps.push({
      kind: 'file',
      path,
      content: '',
      mode: 0o644,
      owner,
      secret: false,
      change: { kind: 'create' },
    });
  }
  return steps;
}

/** The installing shell's CBI_* overrides written into the config file the jobs read. */
export async function recordedConfigStep(
  machine: Machine,
  settings: JobsSettings,
  shell: Readonly<Record<string, string | undefined>>,
  owner: FileOwner,
): Promise<{ steps: PlanStep[]; notes: PlanNote[] }> {
  const path = settings.recordFile;
  const raw = await machine.readText(path);
  const update = recordShellOverrides({ raw, config: settings.config, shell });
  if (update === undefined) return { steps: [], notes: [] };
  const mode = (await machine.fileMode(path)) ?? 0o644;
  return {
    steps: [
      {
        kind: 'file',
        path,
        content: update.content,
        mode,
        owner,
        secret: false,
        change: fileChange(raw, update.content),
      },
    ],
    notes: update.recorded.map((r) => ({
      level: 'info',
      text: `config: records ${r.key} = ${JSON.stringify(r.value)} from ${r.variable} in ${path}, so the jobs and catch-up runs use what this shell does`,
    })),
  };
}

/** The jobs' secrets in a file only their user can read; removed when the config names none. */
export async function secretsSteps(
  machine: Machine,
  home: string,
  secrets: Readonly<Record<string, string>>,
  owner: FileOwner,
): Promise<{ steps: PlanStep[]; notes: PlanNote[]; file: string | undefined }> {
  const path = join(home, SECRETS_FILE);
  const previous = await machine.readText(path);
  const names = Object.keys(secrets);
  if (names.length === 0)
    return previous === undefined
      ? { steps: [], notes: [], file: undefined }
      : {
          steps: [{ kind: 'remove', path }],
          notes: [{ level: 'info', text: `secrets: the config names none now; removes ${path}` }],
          file: undefined,
        };
  const content = secretsFileContent(secrets);
  return {
    steps: [
      {
        kind: 'file',
        path,
        content,
        mode: 0o600,
        owner,
        secret: true,
        change: fileChange(previous, content),
      },
    ],
    notes: [
      {
        level: 'info',
        text: `secrets: ${names.join(', ')} go into ${path} (mode 600), never into the job files; the jobs find it through CBI_SECRETS_FILE`,
      },
    ],
    file: path,
  };
}

/** The wake cbi set, as recorded in the home (so it may be replaced or removed later without --force). */
export async function readOwnedWake(machine: Machine, home: string): Promise<WantedWake | undefined> {
  const text = await machine.readText(join(home, WAKE_RECORD_FILE));
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === 'object' &&
      value !== null &&
      'days' in value &&
      'time' in value &&
      typeof value.days === 'string' &&
      typeof value.time === 'string'
    )
      return { days: value.days, time: value.time };
  } catch {
    // An unreadable record is no record: the wake is then judged by its time alone.
    return undefined;
  }
  return undefined;
}

/** Records (or forgets) the wake cbi owns. */
export async function wakeRecordSteps(
  machine: Machine,
  home: string,
  owned: WantedWake | null | undefined,
  owner: FileOwner,
): Promise<PlanStep[]> {
  if (owned === undefined) return [];
  const path = join(home, WAKE_RECORD_FILE);
  const previous = await machine.readText(path);
  if (owned === null) return previous === undefined ? [] : [{ kind: 'remove', path }];
  const content = `${JSON.stringify(owned)}\n`;
  const change = fileChange(previous, content);
  return change.kind === 'same'
    ? []
    : [{ kind: 'file', path, content, mode: 0o644, owner, secret: false, change }];
}

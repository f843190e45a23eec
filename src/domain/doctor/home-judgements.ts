import type { RunRecord } from '../night/run.js';
import type { CheckResult } from './doctor-report.js';

/** The folders of a home the nightly run writes to (DESIGN.md, "On disk"). */
export const HOME_FOLDERS = ['Logs/nightly', 'TrainingData', 'Models/local', 'Warehouse'] as const;

export type FolderState = 'writable' | 'read-only' | 'missing' | 'not-a-folder';

/** The home's folders exist and are writable. */
export function judgeHomeFolders(
  home: string,
  folders: readonly { readonly folder: string; readonly state: FolderState }[],
): CheckResult {
  const bad = folders.filter((f) => f.state !== 'writable');
  if (bad.length === 0)
    return {
      id: 'home',
      status: 'ok',
      detail: `${home}: ${folders.map((f) => f.folder).join(', ')} writable`,
    };
  const missingOnly = bad.every((f) => f.state === 'missing');
  return {
    id: 'home',
    status: 'fail',
    detail: `${home}: ${bad.map((f) => `${f.folder} ${f.state}`).join(', ')}`,
    fix: missingOnly
      ? 'cbi install creates them'
      : `make them writable by the user the jobs run as (chown -R <user> "${home}")`,
  };
}

const GB = 1024 ** 3;

/** Free disk space under the home: warn under the minimum, fail under 1 GB (a run cannot write its exports). */
export function judgeDiskSpace(freeBytes: number, minFreeGb: number): CheckResult {
  const free = `${(freeBytes / GB).toFixed(1)} GB free`;
  if (freeBytes >= minFreeGb * GB)
    return { id: 'disk', status: 'ok', detail: `${free} (minimum ${minFreeGb} GB)` };
  return {
    id: 'disk',
    status: freeBytes < GB ? 'fail' : 'warn',
    detail: `${free}, under the minimum of ${minFreeGb} GB`,
    fix: 'free some space (old model versions and exports under the home go first), or set doctor.minFreeGb',
  };
}

/**
 * The last successful run is recent: within the watchdog's maximum age. A degraded night (it ran,
 * but forecast nothing from current data) is never a success; when it is the newest, it fails
 * the check with what it did not deliver.
 */
export function judgeLastSuccess(input: {
  readonly now: Date;
  readonly runs: readonly RunRecord[];
  readonly maxAgeHours: number;
}): CheckResult {
  const finished = input.runs.filter((r) => r.state !== 'running');
  const newest = finished
    .map((r) => ({ run: r, at: Date.parse(r.end_time ?? r.start_time) }))
    .filter((s) => Number.isFinite(s.at))
    .sort((a, b) => b.at - a.at)[0];
  if (newest?.run.state === 'degraded') {
    return {
      id: 'last_success',
      status: 'fail',
      detail: `the last run, ${newest.run.run_id}, was degraded: ${newest.run.delivery?.summary ?? newest.run.error ?? 'no current forecast'}`,
      fix: 'refresh the source data (or relax run.delivery in the config); cbi status lists each horizon and why',
    };
  }
  const success = finished
    .filter((r) => r.state === 'success' || r.state === 'partial')
    .map((r) => ({ run: r, at: Date.parse(r.end_time ?? r.start_time) }))
    .filter((s) => Number.isFinite(s.at))
    .sort((a, b) => b.at - a.at)[0];
  if (success === undefined) {
    return {
      id: 'last_success',
      status: finished.length === 0 ? 'warn' : 'fail',
      detail: finished.length === 0 ? 'no run yet' : `none of the last ${finished.length} runs succeeded`,
      fix:
        finished.length === 0
          ? 'run one now: npm run nightly (or cbi run); the installed jobs run it nightly'
          : 'cbi status shows the failures and their logs',
    };
  }
  const hours = (input.now.getTime() - success.at) / 3_600_000;
  const detail = `run ${success.run.run_id}, ${hours.toFixed(1)} h ago`;
  if (hours <= input.maxAgeHours) return { id: 'last_success', status: 'ok', detail };
  return {
    id: 'last_success',
    status: 'fail',
    detail: `${detail}: older than ${input.maxAgeHours} h`,
    fix: 'cbi status shows what happened since; cbi watchdog starts a catch-up run',
  };
}

/** The jobs' secrets file, when the jobs have secrets: present and readable by its user only. */
export function judgeJobSecrets(fact: {
  readonly path: string;
  readonly names: readonly string[];
  /** File mode bits, undefined when the file is missing. */
  readonly mode: number | undefined;
}): CheckResult {
  if (fact.names.length === 0)
    return { id: 'job_secrets', status: 'skip', detail: 'the config gives the jobs no secrets' };
  if (fact.mode === undefined)
    return {
      id: 'job_secrets',
      status: 'fail',
      detail: `${fact.path} is missing: the jobs run without ${fact.names.join(', ')}`,
      fix: 'cbi install writes it',
    };
  if ((fact.mode & 0o077) !== 0)
    return {
      id: 'job_secrets',
      status: 'fail',
      detail: `${fact.path} is mode ${(fact.mode & 0o777).toString(8)}: others can read ${fact.names.join(', ')}`,
      fix: `chmod 600 "${fact.path}" (cbi install writes it so)`,
    };
  return { id: 'job_secrets', status: 'ok', detail: `${fact.names.join(', ')} in ${fact.path} (mode 600)` };
}

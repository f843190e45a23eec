import { join } from 'node:path';
import {
  doctorReport,
  type CheckResult,
  type DoctorCheckId,
  type DoctorReport,
} from '../../domain/doctor/doctor-report.js';
import {
  HOME_FOLDERS,
  judgeDiskSpace,
  judgeHomeFolders,
  judgeJobSecrets,
  judgeLastSuccess,
} from '../../domain/doctor/home-judgements.js';
import {
  activeInstallation,
  judgeJobs,
  judgeLinger,
  judgePower,
  judgeTimeZones,
  judgeWake,
} from '../../domain/doctor/jobs-judgements.js';
import {
  judgeAlerts,
  judgeBoosters,
  judgeRuntime,
  judgeWarehouse,
  type BoosterFact,
  type WarehouseFact,
  type AlertChannelFact,
} from '../../domain/doctor/setup-judgements.js';
import { CbiError, summarizeError } from '../../domain/errors.js';
import { jobEnvironment } from '../../domain/jobs/job-environment.js';
import { timesInZone, wakeBefore } from '../../domain/jobs/job-times.js';
import type { JobsInspection } from '../../domain/jobs/jobs-inspection.js';
import type { Alert } from '../../domain/watchdog/alert.js';
import type { Alerter } from '../../ports/alerter.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Machine } from '../../ports/machine.port.js';
import type { ModelTrainer } from '../../ports/model-trainer.port.js';
import type { PowerManager } from '../../ports/power-manager.port.js';
import type { Scheduler } from '../../ports/scheduler.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import type { Warehouse } from '../../ports/warehouse.port.js';
import { SECRETS_FILE, type JobsSettings } from '../jobs/jobs-settings.js';

export interface DoctorSettings {
  readonly jobs: JobsSettings;
  readonly productVersion: string;
  readonly minFreeGb: number;
  readonly maxAgeHours: number;
  readonly warehouse:
    | { readonly kind: 'duckdb'; readonly path: string }
    | { readonly kind: 'bigquery'; readonly projectId: string };
  /** The configured alert channels: their kinds and what each gets. */
  readonly alertChannels: readonly AlertChannelFact[];
  readonly host: string;
}

/** Ports opened only when their check runs (DuckDB, the boosters): the doctor must not need them to start. */
export interface DoctorDeps {
  readonly clock: Clock;
  readonly machine: Machine;
  readonly power: PowerManager;
  readonly status: StatusStore;
  /** Throws SchedulerError on a platform with no scheduler. */
  readonly scheduler: () => Promise<Scheduler>;
  readonly trainers: () => Promise<readonly ModelTrainer[]>;
  readonly warehouse: () => Promise<Warehouse>;
  readonly alerters: () => Promise<readonly Alerter[]>;
  readonly settings: DoctorSettings;
}

/**
 * `cbi doctor`: what the seed's validate_system.py meant to check, judged by the domain: each
 * check ok, warn or fail with its fix. A check that throws fails with the error; the doctor
 * itself never does.
 */
export async function runDoctor(
  deps: DoctorDeps,
  input: { readonly sendTestAlert: boolean },
): Promise<DoctorReport> {
  const { machine, settings } = deps;
  const home = settings.jobs.home;
  const now = deps.clock.now();
  const checks: CheckResult[] = [];
  const check = async (
    id: DoctorCheckId,
    body: () => Promise<CheckResult | readonly CheckResult[]>,
  ): Promise<void> => {
    try {
      const result = await body();
      checks.push(...('id' in result ? [result] : result));
    } catch (error) {
      const summary = summarizeError(error);
      checks.push({ id, status: 'fail', detail: `could not check: ${summary.message}`, fix: summary.hint });
    }
  };

  await check('runtime', async () =>
    judgeRuntime({ node: machine.nodeVersion, product: settings.productVersion }),
  );
  await check('boosters', async () => judgeBoosters(await boosterFacts(deps)));
  await check('home', async () =>
    judgeHomeFolders(
      home,
      await Promise.all(
        HOME_FOLDERS.map(async (folder) => ({
          folder,
          state: await machine.folderState(join(home, folder)),
        })),
      ),
    ),
  );
  await check('disk', async () => judgeDiskSpace(await machine.freeBytes(home), settings.minFreeGb));

  const systemZone = await machine.systemTimeZone();
  const zone = settings.jobs.timeZone ?? systemZone;
  let active: JobsInspection | undefined;
  await check('jobs', async () => {
    let scheduler: Scheduler;
    try {
      scheduler = await deps.scheduler();
    } catch (error) {
      if (error instanceof CbiError)
        return judgeJobs({ user: undefined, system: undefined, unsupported: error.message });
      throw error;
    }
    const user = await scheduler.inspect('user');
    const system = await scheduler.inspect('system');
    active = activeInstallation(user, system);
    return [judgeJobs({ user, system }), judgeLinger(active)];
  });
  await check('wake', async () => {
    const systemTimes = timesInZone(settings.jobs.times, zone, systemZone, now);
    return judgeWake({
      active,
      wake: await deps.power.inspectWake(),
      wanted: { days: 'MTWRFSU', time: wakeBefore(systemTimes, settings.jobs.wakeLeadMinutes) },
      rtcWake: (await deps.power.readiness()).rtcWake,
    });
  });
  await check('power', async () => judgePower(await deps.power.readiness(), machine.platform));
  await check('time_zones', async () =>
    judgeTimeZones({
      active,
      configZone: settings.jobs.timeZone,
      systemZone,
      times: settings.jobs.times,
      now,
    }),
  );
  await check('job_secrets', async () => {
    const jobs = settings.jobs;
    const shell = Object.fromEntries(jobs.passEnvironment.map((name) => [name, 'set']));
    const names = Object.keys(
      jobEnvironment({ values: jobs.environment, pass: jobs.passEnvironment, secrets: jobs.secrets }, shell)
        .secret,
    );
    const path = join(home, SECRETS_FILE);
    return judgeJobSecrets({ path, names, mode: await machine.fileMode(path) });
  });
  await check('warehouse', async () => judgeWarehouse(await warehouseFact(deps)));
  await check('alerts', async () =>
    judgeAlerts({
      channels: settings.alertChannels,
      test: input.sendTestAlert ? await sendTestAlert(await deps.alerters(), settings.host, now) : undefined,
    }),
  );
  await check('last_success', async () =>
    judgeLastSuccess({ now, runs: await deps.status.recentRuns(50), maxAgeHours: settings.maxAgeHours }),
  );
  return doctorReport(checks);
}

async function boosterFacts(deps: DoctorDeps): Promise<BoosterFact[]> {
  const facts: BoosterFact[] = [];
  for (const trainer of await deps.trainers()) {
    try {
      facts.push(await trainer.describe());
    } catch (error) {
      const summary = summarizeError(error);
      facts.push({ library: trainer.library, error: summary.message, hint: summary.hint });
    }
  }
  return facts;
}

async function warehouseFact(deps: DoctorDeps): Promise<WarehouseFact> {
  const { warehouse } = deps.settings;
  const what =
    warehouse.kind === 'duckdb' ? `DuckDB ${warehouse.path}` : `BigQuery project ${warehouse.projectId}`;
  if (warehouse.kind === 'duckdb') {
    if ((await deps.machine.fileMode(warehouse.path)) === undefined)
      return { kind: 'not_created', path: warehouse.path };
    // DuckDB lets one process write: opening it under a live run would fail for no fault of the warehouse.
    const lock = await deps.status.readLock();
    if (lock?.alive === true) return { kind: 'busy', runId: lock.lock.runId };
  }
  try {
    await (await deps.warehouse()).ping();
    return { kind: 'answered', what };
  } catch (error) {
    const summary = summarizeError(error);
    return { kind: 'failed', what, error: summary.message, hint: summary.hint };
  }
}

/** One test message to every channel, whatever kinds it takes; a success ping for a dead-man's switch. */
async function sendTestAlert(
  alerters: readonly Alerter[],
  host: string,
  now: Date,
): Promise<Record<string, string | undefined>> {
  const alert: Alert = {
    kind: 'recovered',
    subject: `cbi-autopilot: test alert from cbi doctor on ${host}`,
    body: `This is a test sent by \`cbi doctor --send-test-alert\` on ${host}. Nothing is wrong.`,
    at: now.toISOString(),
    host,
    runId: null,
    failedStage: null,
    error: null,
    since: null,
    lastSuccess: null,
    logPaths: [],
    action: null,
  };
  const outcome: Record<string, string | undefined> = {};
  for (const alerter of alerters) {
    try {
      await alerter.send(alert);
      outcome[alerter.name] = undefined;
    } catch (error) {
      outcome[alerter.name] = summarizeError(error).message;
    }
  }
  return outcome;
}

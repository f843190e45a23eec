import { jobEnvironment } from '../../domain/jobs/job-environment.js';
import { timesInZone, wakeBefore } from '../../domain/jobs/job-times.js';
import {
  joinPlans,
  type InstallPlan,
  type JobsMode,
  type PlanBlock,
  type PlanNote,
} from '../../domain/jobs/install-plan.js';
import type { JobsInspection } from '../../domain/jobs/jobs-inspection.js';
import type { JobsSpec, JobUser } from '../../domain/jobs/jobs-spec.js';
import type { WantedWake } from '../../domain/jobs/repeating-wake.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Machine } from '../../ports/machine.port.js';
import type { PowerManager } from '../../ports/power-manager.port.js';
import type { Scheduler } from '../../ports/scheduler.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import {
  folderSteps,
  logFileSteps,
  readOwnedWake,
  recordedConfigStep,
  secretsSteps,
  wakeRecordSteps,
} from './home-steps.js';
import type { JobsSettings } from './jobs-settings.js';

export interface JobsDeps {
  readonly scheduler: Scheduler;
  readonly power: PowerManager;
  readonly machine: Machine;
  readonly status: StatusStore;
  readonly clock: Clock;
  readonly settings: JobsSettings;
}

export interface InstallJobsInput {
  readonly mode: JobsMode;
  /** Plan and report only; change nothing. */
  readonly dryRun: boolean;
  /** Replace somebody else's repeating wake. */
  readonly force: boolean;
  /** The installing shell's environment (variables to pass, CBI_* overrides to record). */
  readonly shell: Readonly<Record<string, string | undefined>>;
}

/** What install or uninstall did, or would do. */
export interface JobsReport {
  readonly plan: InstallPlan;
  readonly applied: boolean;
  /** Steps allowed to fail that did (lingering could not be enabled, ...). */
  readonly warnings: readonly string[];
  /** The jobs as the OS has them afterwards; undefined for a dry run. */
  readonly inspection: JobsInspection | undefined;
}

/**
 * Installs the nightly run and the hourly watchdog as OS jobs, idempotently: the home's folders,
 * the config the jobs read (with the installing shell's CBI_* overrides recorded in it), the
 * secrets file, both jobs, and the wake before the first run. Never a job as root. A dry run
 * returns the plan without changing anything; otherwise a blocked plan throws its error.
 */
export async function installJobs(deps: JobsDeps, input: InstallJobsInput): Promise<JobsReport> {
  const { machine, settings } = deps;
  const owner = await machine.ownerOf(settings.home);
  const owned = { uid: owner.uid, gid: owner.gid };
  const block = permissionBlock(input.mode, owner, machine.uid, settings.home);
  const environment = jobEnvironment(
    { values: settings.environment, pass: settings.passEnvironment, secrets: settings.secrets },
    input.shell,
  );
  const notes: PlanNote[] = [
    ...environment.missing.map((name): PlanNote => ({
      level: 'warn',
      text: `environment: ${name} is not set in this shell: the jobs go without it`,
    })),
    ...environment.refused.map((name): PlanNote => ({
      level: 'warn',
      text: `environment: ${name} is set by cbi itself: the config's value is ignored`,
    })),
  ];
  const secrets = await secretsSteps(machine, settings.home, environment.secret, owned);
  const config = await recordedConfigStep(machine, settings, input.shell, owned);
  const systemZone = await machine.systemTimeZone();
  const zone = settings.timeZone ?? systemZone;
  const systemTimes = timesInZone(settings.times, zone, systemZone, deps.clock.now());
  if (zone !== systemZone)
    notes.push({
      level: 'info',
      text: `schedule: ${settings.times.join(', ')} ${zone} is ${systemTimes.join(', ')} ${systemZone} (system time) now; cbi doctor warns when a DST change moves one and not the other`,
    });
  const spec: JobsSpec = {
    cbi: settings.cbi,
    home: settings.home,
    configFile: settings.configFile ?? (config.steps.length > 0 ? settings.recordFile : null),
    times: settings.times,
    timeZone: settings.timeZone,
    systemTimes,
    path: settings.path,
    environment: environment.plain,
    secretsFile: secrets.file,
    user: owner,
  };
  const liveRun = await liveRunOf(deps.status);
  const jobs = await deps.scheduler.planInstall(spec, { mode: input.mode, liveRun });
  const wanted: WantedWake = { days: 'MTWRFSU', time: wakeBefore(systemTimes, settings.wakeLeadMinutes) };
  const wake = await deps.power.planWake({
    mode: input.mode,
    wanted,
    owned: await readOwnedWake(machine, settings.home),
    force: input.force,
  });
  if (systemTimes.length > 1 && machine.platform === 'darwin')
    notes.push({
      level: 'info',
      text: `wake: pmset keeps one repeating wake, so the Mac is woken before the first run (${systemTimes[0] ?? ''}); the other runs start when it is awake then (launchd runs a calendar job missed in sleep at wake), and the watchdog catches up the rest`,
    });
  const plan = joinPlans(
    input.mode,
    { block },
    { steps: await folderSteps(machine, settings.home, owned) },
    { steps: await logFileSteps(machine, settings.home, owned) },
    { steps: secrets.steps, notes: secrets.notes },
    { steps: config.steps, notes: config.notes },
    jobs,
    { steps: wake.steps, notes: wake.notes },
    { steps: await wakeRecordSteps(machine, settings.home, wake.owned, owned), notes },
  );
  return carryOut(deps, plan, input.dryRun);
}

export interface UninstallJobsInput {
  readonly mode: JobsMode;
  readonly dryRun: boolean;
}

/** Removes both jobs of a mode and cbi's own wake (anybody else's events stay); the home's data stays. */
export async function uninstallJobs(deps: JobsDeps, input: UninstallJobsInput): Promise<JobsReport> {
  const { machine, settings } = deps;
  const owner = await machine.ownerOf(settings.home);
  const block: PlanBlock | undefined =
    input.mode === 'system' && machine.uid !== 0
      ? {
          code: 'NO_PERMISSION',
          message: 'removing system jobs needs root',
          hint: `sudo cbi uninstall --system --home "${settings.home}"`,
        }
      : undefined;
  const liveRun = await liveRunOf(deps.status);
  const jobs = await deps.scheduler.planUninstall({ mode: input.mode, liveRun });
  const systemZone = await machine.systemTimeZone();
  const systemTimes = timesInZone(
    settings.times,
    settings.timeZone ?? systemZone,
    systemZone,
    deps.clock.now(),
  );
  const wake = await deps.power.planWakeRemoval({
    mode: input.mode,
    wanted: { days: 'MTWRFSU', time: wakeBefore(systemTimes, settings.wakeLeadMinutes) },
    owned: await readOwnedWake(machine, settings.home),
    force: false,
  });
  const secrets = await secretsSteps(machine, settings.home, {}, { uid: owner.uid, gid: owner.gid });
  const plan = joinPlans(
    input.mode,
    { block },
    jobs,
    { steps: wake.steps, notes: wake.notes },
    { steps: await wakeRecordSteps(machine, settings.home, wake.owned, { uid: owner.uid, gid: owner.gid }) },
    { steps: secrets.steps },
    { notes: [{ level: 'info', text: `the home ${settings.home} and its data stay` }] },
  );
  return carryOut(deps, plan, input.dryRun);
}

async function carryOut(deps: JobsDeps, plan: InstallPlan, dryRun: boolean): Promise<JobsReport> {
  if (dryRun) return { plan, applied: false, warnings: [], inspection: undefined };
  const warnings = await deps.scheduler.apply(plan);
  return { plan, applied: true, warnings, inspection: await deps.scheduler.inspect(plan.mode) };
}

async function liveRunOf(status: StatusStore): Promise<{ runId: string; pid: number } | undefined> {
  const lock = await status.readLock();
  return lock?.alive === true ? { runId: lock.lock.runId, pid: lock.lock.pid } : undefined;
}

/** Never a job as root: the seed's LaunchDaemon ran user code as root. */
function permissionBlock(mode: JobsMode, owner: JobUser, uid: number, home: string): PlanBlock | undefined {
  if (owner.uid === 0)
    return {
      code: 'NO_PERMISSION',
      message: `the home ${home} belongs to root: the jobs run as the home's owner, and never as root`,
      hint: `give the home to the user who should run the nights (sudo chown -R <user> "${home}"), then install again`,
    };
  if (mode === 'system' && uid !== 0)
    return {
      code: 'NO_PERMISSION',
      message: 'system jobs (they run with nobody logged in and after a reboot) need root to install',
      hint: `sudo cbi install --system --home "${home}" (the jobs still run as ${owner.name})`,
    };
  if (mode === 'user' && uid === 0)
    return {
      code: 'NO_PERMISSION',
      message: 'per-user jobs installed as root would run as root',
      hint: `run cbi install as ${owner.name} (without sudo), or sudo cbi install --system to run the jobs as ${owner.name} with nobody logged in`,
    };
  if (mode === 'user' && uid !== owner.uid)
    return {
      code: 'NO_PERMISSION',
      message: `the home ${home} belongs to ${owner.name}: their jobs are theirs to install`,
      hint: `run cbi install as ${owner.name}, or sudo cbi install --system`,
    };
  return undefined;
}

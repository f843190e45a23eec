import { summarizeError } from '../../domain/errors.js';
import type { Horizon } from '../../domain/horizon.js';
import { buildNightlyPlan, type PlannedStage, type StageKind } from '../../domain/night/pipeline-plan.js';
import { modelsSetAside } from '../../domain/night/models-set-aside.js';
import {
  sideBySideTimeoutsMs,
  stageTimeoutMs,
  type StageTimeoutPolicy,
} from '../../domain/night/stage-timeout.js';
import type { RetryPolicy } from '../../domain/night/retry-policy.js';
import type {
  RunEnvironment,
  RunLock,
  RunRecord,
  RunTrigger,
  SetAsideFile,
  StageRecord,
} from '../../domain/night/run.js';
import { judgeDelivery, type DeliveryPolicy } from '../../domain/night/night-delivery.js';
import {
  foldRunOutcome,
  runExitCode,
  withDelivery,
  type StageOutcome,
} from '../../domain/night/run-outcome.js';
import {
  environmentLine,
  failedStage,
  notRunStage,
  runningStage,
  runRecord,
  type RunFacts,
} from '../../domain/night/run-record.js';
import { nextStep, stopText, type StopReason } from '../../domain/night/run-step.js';
import { runVerdict, type RunVerdict } from '../../domain/night/run-verdict.js';
import { localIso } from '../../domain/iso-time.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { KeepAwake, PowerManager } from '../../ports/power-manager.port.js';
import type { RunLog, RunLogs } from '../../ports/run-logs.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import type { RunObserver } from './run-observer.js';
import type { NightlyStages, StageResult } from './stage.js';
import { StageRunner } from './stage-runner.js';

/** What bounds a run; all times in milliseconds. */
export interface RunSettings {
  readonly horizons: readonly Horizon[];
  readonly minHorizons: number;
  /** The horizons' train stages run at the same time, sharing the thread budget (default: one after another). */
  readonly sideBySide?: boolean;
  readonly deadlineMs: number;
  readonly retry: Omit<RetryPolicy, 'attemptTimeoutMs'>;
  readonly stageTimeoutMs: Readonly<Record<StageKind, number>>;
  /** Raises a stage's limit to a multiple of what it took on recent nights (absent: the fixed limits). */
  readonly stageTimeoutGrowth?: StageTimeoutPolicy | undefined;
  /** How long a stage may take to stop once told to (timeout, interrupt). */
  readonly stopGraceMs: number;
  /** What the night must deliver; below it, a night whose stages all did their job is degraded. */
  readonly delivery: DeliveryPolicy;
}

/** The stage bodies of one run, and how to let go of what they opened (the warehouse). */
export interface OpenedStages {
  readonly stages: NightlyStages;
  /** Derived files found broken while opening (a corrupt embedded warehouse), set aside to be rebuilt. */
  readonly setAside?: readonly SetAsideFile[];
  /** Never throws. */
  close(): Promise<void>;
}

export interface RunNightlyDeps {
  readonly clock: Clock;
  readonly status: StatusStore;
  readonly power: PowerManager;
  readonly logs: RunLogs;
  /**
   * Makes the stage bodies, once the run holds the lock and has its record and log: whatever
   * fails here (a warehouse that will not open) fails the run's first stage, on the record.
   */
  readonly openStages: (logger: Logger) => Promise<OpenedStages>;
  readonly settings: RunSettings;
  /** Draws retry jitter in [0, 1). */
  readonly random: () => number;
  readonly observer?: RunObserver | undefined;
  /**
   * Tells the outside that the run started and how it ended (the dead-man's-switch pings of
   * the alert channels). Must not throw; a failed delivery never changes the run.
   */
  readonly notify?: ((kind: RunNotice, run: RunRecord) => Promise<void>) | undefined;
  /** Work around the night that never changes its outcome; see NightHousekeeping. */
  readonly housekeeping?: NightHousekeeping | undefined;
  /**
   * Records the settings this run took from its environment for the unattended runs, once the
   * run holds the lock (a refused run writes nothing); what it returns goes on the record.
   */
  readonly recordEnvironment?: (() => Promise<RunEnvironment | null>) | undefined;
}

/**
 * Housekeeping around a night (free space before it, retention and the report after it), done
 * while the run holds the lock so nothing races it. A failure here is logged, never the run's.
 */
export interface NightHousekeeping {
  /** After the run holds the lock and its log, before the first stage. */
  before?(runId: string, logger: Logger): Promise<void>;
  /** After the final record is written and the stages' resources are let go, before the log's last line. */
  after?(run: RunRecord, logger: Logger): Promise<void>;
}

/** The run events sent to the alert channels (`repaired`: derived files set aside as the stages opened). */
export type RunNotice = 'run_started' | 'run_succeeded' | 'run_failed' | 'repaired';

export interface RunNightlyInput {
  /** From formatRunId(start) by the caller. */
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly pid: number;
  readonly host: string;
  /** Aborted on SIGINT/SIGTERM: the current stage is stopped and the run recorded as interrupted. */
  readonly interrupt?: AbortSignal;
}

/**
 * One nightly run. It takes the lock before anything else (RunLockedError while another live
 * run holds it: then nothing is written at all), records itself as running, opens its log,
 * keeps the machine awake, then runs the plan's stages with retries under the run deadline,
 * recording progress after every stage. Every way a started run can end (a stage failing, the
 * stages failing to open, an interrupt, the deadline, a bug) ends in its final record and the
 * end notice; the lock is always released.
 */
export async function runNightly(deps: RunNightlyDeps, input: RunNightlyInput): Promise<RunRecord> {
  const { clock, status, settings } = deps;
  const startedAt = clock.now();
  // filled when the stages open: snapshots from then on carry it
  const setAside: SetAsideFile[] = [];
  let facts: RunFacts = {
    setAside,
    runId: input.runId,
    trigger: input.trigger,
    horizons: settings.horizons,
    pid: input.pid,
    host: input.host,
    startedAt,
    deadline: new Date(startedAt.getTime() + settings.deadlineMs),
  };
  const lock: RunLock = {
    runId: input.runId,
    pid: input.pid,
    host: input.host,
    startedAt: localIso(startedAt),
    deadline: localIso(facts.deadline),
  };
  await status.acquireLock(lock);
  let environmentError: string | undefined;
  try {
    facts = { ...facts, environment: (await deps.recordEnvironment?.()) ?? null };
  } catch (error) {
    // the night runs all the same; its log says what was not recorded
    environmentError = summarizeError(error).message;
  }
  const plan = buildNightlyPlan({
    horizons: settings.horizons,
    minHorizons: settings.minHorizons,
    sideBySide: settings.sideBySide ?? false,
  });
  const records = new Map<string, StageRecord>(plan.stages.map((s) => [s.name, notRunStage(s)]));
  const snapshot = (): RunRecord => runRecord(facts, [...records.values()]);
  let log: RunLog | undefined;
  let keepAwake: KeepAwake | undefined;
  let opened: OpenedStages | undefined;
  let verdict: RunVerdict | undefined;
  let ended: RunRecord | undefined;
  try {
    await status.recordRun(snapshot());
    try {
      log = await deps.logs.open(input.runId);
      const logger = log.child({ runId: input.runId });
      keepAwake = await deps.power.keepAwake(`cbi nightly run ${input.runId}`);
      logger.info('run started', {
        trigger: input.trigger,
        horizons: settings.horizons,
        deadline: lock.deadline,
        keepAwake: keepAwake.mechanism,
      });
      if (facts.environment) logger.info(environmentLine(facts.environment));
      if (environmentError !== undefined)
        logger.warn('the settings from the environment could not be recorded', { error: environmentError });
      deps.observer?.onRunStart?.(snapshot());
      await deps.notify?.('run_started', snapshot());
      await housekeep(logger, () => deps.housekeeping?.before?.(input.runId, logger));
      const final = await runStages(deps, input, { plan, facts, records, logger, snapshot }, async () => {
        opened = await deps.openStages(logger);
        if (opened.setAside !== undefined && opened.setAside.length > 0) {
          // on the record at once and said once: the night goes on with the rebuilt file
          setAside.push(...opened.setAside);
          logger.warn('derived files set aside and rebuilt', {
            setAside: setAside.map((f) => `${f.what}: ${f.path} -> ${f.moved_to}`),
          });
          await status.recordRun(snapshot());
          await deps.notify?.('repaired', snapshot());
        }
        return opened.stages;
      });
      logger.info('run ended', {
        state: final.state,
        exitCode: final.exit_code,
        failedStage: final.failed_stage,
        error: final.error,
      });
      verdict = runVerdict(final, { crashed: false });
      ended = final;
      return final;
    } catch (error) {
      // A bug, or a home that cannot take the log: the run still ends on the record, as failed.
      const summary = summarizeError(error);
      log?.error('run aborted by an unexpected error', {
        error: summary.message,
        stack: error instanceof Error ? error.stack : undefined,
      });
      const final = runRecord(facts, [...records.values()], {
        endedAt: clock.now(),
        outcome: {
          state: 'failed',
          exitCode: runExitCode('failed', summary.code),
          failedStage: [...records.values()].find((s) => s.status === 'running')?.name ?? null,
          error: summary.message,
          errorCode: summary.code,
        },
        hint:
          summary.hint ?? (summary.code === 'UNEXPECTED' ? 'a bug: please report it with the run log' : null),
      });
      verdict = runVerdict(final, { crashed: true });
      ended = final;
      await status.recordRun(final);
      deps.observer?.onRunEnd?.(final);
      await deps.notify?.('run_failed', final);
      return final;
    }
  } finally {
    await keepAwake?.release().catch((error: unknown) => {
      log?.warn('keep-awake release failed', { error: summarizeError(error).message });
    });
    await opened?.close();
    if (ended !== undefined && log !== undefined) {
      const run = ended;
      const logger = log.child({ runId: input.runId, stage: 'housekeeping' });
      await housekeep(logger, () => deps.housekeeping?.after?.(run, logger));
    }
    // Last: the log ends with the seed's marker (COMPLETED SUCCESSFULLY, CRITICAL FAILURE, PIPELINE EXCEPTION).
    await log?.close(verdict);
    await status.releaseLock(input.runId);
  }
}

async function housekeep(logger: Logger, work: () => Promise<void> | undefined): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.warn('housekeeping failed; the run is not affected', { error: summarizeError(error).message });
  }
}

interface NightState {
  readonly plan: ReturnType<typeof buildNightlyPlan>;
  readonly facts: RunFacts;
  readonly records: Map<string, StageRecord>;
  readonly logger: Logger;
  readonly snapshot: () => RunRecord;
}

/** The stages, one step at a time as the domain decides, then the final record. */
async function runStages(
  deps: RunNightlyDeps,
  input: RunNightlyInput,
  state: NightState,
  open: () => Promise<NightlyStages>,
): Promise<RunRecord> {
  const { clock, status, settings } = deps;
  const { plan, facts, records, logger } = state;
  const interrupt = input.interrupt ?? new AbortController().signal;
  const runner = new StageRunner(
    { clock, logger, random: deps.random, observer: deps.observer },
    { runId: input.runId, deadline: facts.deadline, interrupt, stopGraceMs: settings.stopGraceMs },
  );
  const outcomes: StageOutcome[] = [];
  const hints = new Map<string, string>();
  const earlier = new Map<string, StageResult>();
  let interrupted = false;
  let deadlinePassed = false;
  let stop: StopReason | undefined;

  // what each stage took on recent nights: a stage whose work grew gets a limit that follows it
  const growth = settings.stageTimeoutGrowth;
  const recent =
    growth === undefined || growth.nights === 0 ? [] : await recentForLimits(deps, logger, growth.nights);
  const limitOf = (stage: PlannedStage): number => {
    const configured = settings.stageTimeoutMs[stage.kind];
    return growth === undefined ? configured : stageTimeoutMs(growth, configured, stage.name, recent);
  };

  let stages: NightlyStages | undefined;
  try {
    stages = await open();
  } catch (error) {
    // Nothing can run: the first stage fails with the reason (a warehouse that will not open).
    const first = plan.stages[0];
    const summary = summarizeError(error);
    logger.error('the stages could not be made', { code: summary.code, error: summary.message });
    if (first !== undefined) {
      const record = failedStage(first, clock.now(), summary);
      records.set(first.name, record);
      outcomes.push(outcomeOf(record));
      if (summary.hint !== undefined) hints.set(first.name, summary.hint);
    }
  }

  for (;;) {
    const step = nextStep(plan, {
      outcomes,
      interrupted: interrupted || interrupt.aborted,
      deadlinePassed: deadlinePassed || clock.now().getTime() >= facts.deadline.getTime(),
    });
    if (step.kind === 'done') break;
    if (step.kind === 'stop') {
      stop = step.reason;
      break;
    }
    if (stages === undefined) break;
    const batch = step.stages;
    // The current run file names the stages at work (and a killed run's record blames them).
    const startedAt = clock.now();
    for (const stage of batch) records.set(stage.name, runningStage(stage, startedAt));
    await status.recordRun(state.snapshot());
    const limits = batch.length === 1 ? batch.map(limitOf) : sideBySideTimeoutsMs(batch.map(limitOf));
    // stages side by side end in any order: each end is on the record at once, one write at a time
    let written = Promise.resolve();
    const ran = await Promise.all(
      batch.map(async (stage, i) => {
        const run = await runner.run(
          stage,
          stages[stage.kind],
          { ...settings.retry, attemptTimeoutMs: limits[i] ?? limitOf(stage) },
          { horizons: settings.horizons, earlier },
        );
        records.set(stage.name, run.record);
        if (batch.length > 1) {
          written = written.then(() =>
            status.recordRun(state.snapshot()).catch((error: unknown) => {
              // the write after the batch tries again and fails the run if the home still refuses
              logger.warn('a stage end could not be recorded yet', { error: summarizeError(error).message });
            }),
          );
          await written;
        }
        return run;
      }),
    );
    for (const run of ran) {
      outcomes.push(outcomeOf(run.record));
      if (run.hint !== null) hints.set(run.record.name, run.hint);
      if (run.result) earlier.set(run.record.name, run.result);
      interrupted ||= run.interrupted;
      deadlinePassed ||= run.deadlinePassed;
    }
    await status.recordRun(state.snapshot());
  }
  if (stop?.kind === 'interrupted') interrupted = true;
  if (stop?.kind === 'deadline') deadlinePassed = true;
  for (const stage of plan.stages) {
    if (outcomes.some((o) => o.name === stage.name)) continue;
    outcomes.push({ name: stage.name, status: 'not_run', errorCode: null, error: null });
    if (stop !== undefined) records.set(stage.name, notRunStage(stage, stopText(stop)));
  }
  const endedAt = clock.now();
  const stageRecords = [...records.values()];
  // judged for every night whose stages could open: a failed night's record says what it did not deliver too
  const delivery =
    stages === undefined
      ? null
      : judgeDelivery({ stages: stageRecords, horizons: facts.horizons }, endedAt, settings.delivery);
  const outcome = withDelivery(foldRunOutcome(plan, outcomes, { interrupted, deadlinePassed }), delivery);
  if (outcome.state === 'degraded') logger.warn('night degraded', { delivery: delivery?.summary });
  const final = runRecord(facts, stageRecords, {
    endedAt,
    outcome,
    hint:
      outcome.state === 'degraded'
        ? 'the forecasts need newer data: refresh the source tables (or relax run.delivery in the config); `cbi status` lists each horizon and why'
        : outcome.failedStage === null
          ? null
          : (hints.get(outcome.failedStage) ?? null),
    delivery,
  });
  await status.recordRun(final);
  deps.observer?.onRunEnd?.(final);
  // champions set aside tonight are said once, as the warehouse is when the stages open (that
  // one was said then: this notice lists the models alone)
  if (modelsSetAside(final).length > 0) await deps.notify?.('repaired', { ...final, set_aside: [] });
  await deps.notify?.(final.success ? 'run_succeeded' : 'run_failed', final);
  return final;
}

function outcomeOf(record: StageRecord): StageOutcome {
  return { name: record.name, status: record.status, errorCode: record.error_code, error: record.error };
}

/** The recent runs a stage's limit is measured on; unreadable history only keeps the fixed limits. */
async function recentForLimits(
  deps: RunNightlyDeps,
  logger: Logger,
  nights: number,
): Promise<readonly RunRecord[]> {
  try {
    return await deps.status.recentRuns(nights);
  } catch (error) {
    logger.warn('recent runs unreadable: stages keep their configured limits', {
      error: summarizeError(error).message,
    });
    return [];
  }
}

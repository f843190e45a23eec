import { incidentAlert } from '../../domain/watchdog/alert-message.js';
import { StatusCorruptError, summarizeError } from '../../domain/errors.js';
import type { HealthReport } from '../../domain/watchdog/health.js';
import { localIso } from '../../domain/iso-time.js';
import { LAYOUT } from '../../domain/layout.js';
import type { RunRecord } from '../../domain/night/run.js';
import { runVerdict } from '../../domain/night/run-verdict.js';
import type { WatchdogAction } from '../../domain/watchdog/watchdog-decision.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import { sendAlerts } from '../alerts/send-alerts.js';
import type { RunWatchdogDeps, WatchdogActionReport } from './run-watchdog.js';

/** The latest run, or why the latest-run file cannot be read. */
export async function readLatest(
  status: StatusStore,
): Promise<{ ok: true; run: RunRecord | undefined } | { ok: false; reason: string }> {
  try {
    return { ok: true, run: await status.lastRun() };
  } catch (error) {
    if (error instanceof StatusCorruptError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The end state the run recorded itself, if its latest record is no longer "running". */
async function ownEnd(status: StatusStore, runId: string): Promise<string | undefined> {
  const latest = await readLatest(status);
  if (!latest.ok || latest.run?.run_id !== runId) return undefined;
  return latest.run.state === 'running' ? undefined : latest.run.state;
}

export interface ActionContext {
  readonly now: Date;
  readonly health: HealthReport;
  readonly failedRecord: RunRecord | undefined;
  readonly consecutive: number;
}

export async function carryOut(
  deps: RunWatchdogDeps,
  action: WatchdogAction,
  detail: string,
  context: ActionContext,
): Promise<WatchdogActionReport> {
  const { status, launcher, settings } = deps;
  switch (action.kind) {
    case 'stop_run':
      // A pid means nothing on another machine sharing the home: never signal it here.
      if (action.host !== settings.host) {
        return {
          kind: action.kind,
          detail: `${detail}: it runs on ${action.host}, not stopped from here`,
          outcome: 'skipped',
          error: null,
        };
      }
      await launcher.terminate(action.pid, settings.stopGraceMs);
      return { kind: action.kind, detail, outcome: 'done', error: null };
    case 'record_failure': {
      // A run stopped with SIGTERM records its own end (interrupted, with its stages): keep that.
      const own = await ownEnd(status, action.run.run_id);
      if (own === undefined) {
        await status.recordRun(action.run);
        await closeRunLog(deps, action.run);
      }
      await status.releaseLock(action.run.run_id);
      return own === undefined
        ? { kind: action.kind, detail, outcome: 'done', error: null }
        : {
            kind: action.kind,
            detail: `run ${action.run.run_id} recorded its own end (${own})`,
            outcome: 'skipped',
            error: null,
          };
    }
    case 'set_aside_status': {
      const where = await status.setAsideCorruptStatus(localIso(context.now));
      return {
        kind: action.kind,
        detail: where === undefined ? `${detail} (it was gone)` : `${detail} to ${where}`,
        outcome: 'done',
        error: null,
      };
    }
    case 'start_run': {
      // A scheduled or manual run may have taken the lock since the facts were read.
      const current = await status.readLock();
      if (current?.alive === true) {
        return {
          kind: action.kind,
          detail: `${detail}; run ${current.lock.runId} took the lock meanwhile`,
          outcome: 'skipped',
          error: null,
        };
      }
      const args = ['run', '--home', settings.home, '--trigger', 'watchdog'];
      if (settings.configFile !== null) args.push('--config', settings.configFile);
      const pid = await launcher.launchDetached({
        args,
        stdoutFile: `${settings.home}/${LAYOUT.daemonStdout}`,
        stderrFile: `${settings.home}/${LAYOUT.daemonStderr}`,
      });
      const settled = await settle(deps, pid, current?.lock.runId);
      return {
        kind: action.kind,
        detail: `${detail} (pid ${pid}${settled === null ? '' : `; ${settled}`})`,
        outcome: 'done',
        error: null,
        pid,
      };
    }
    case 'alert': {
      const health =
        context.failedRecord === undefined
          ? context.health
          : {
              ...context.health,
              lastRun: context.failedRecord,
              failingSince: context.health.failingSince ?? context.failedRecord.started_at,
            };
      const alert = incidentAlert(action.alert, health, context.consecutive, {
        now: context.now,
        host: settings.host,
        home: settings.home,
      });
      const deliveries = await sendAlerts({ alerters: deps.alerters, logger: deps.logger }, alert);
      const failed = deliveries.filter((d) => d.outcome === 'failed');
      const delivered = deliveries.filter((d) => d.outcome === 'delivered').length;
      return {
        kind: action.kind,
        detail: `${detail} (${delivered} delivered, ${failed.length} failed)`,
        // One channel failing is logged; the alert counts as sent when any channel took it.
        outcome: delivered > 0 || failed.length === 0 ? 'done' : 'failed',
        error: failed.length > 0 ? failed.map((f) => `${f.channel}: ${f.error ?? ''}`).join('; ') : null,
        deliveries,
      };
    }
  }
}

/**
 * Ends the log of a run the watchdog closed, as its own process would have: a dead process is
 * the seed's PIPELINE EXCEPTION, a run stopped at its deadline a CRITICAL FAILURE. The seed's
 * watchdog counts failures from these lines.
 */
async function closeRunLog(deps: RunWatchdogDeps, run: RunRecord): Promise<void> {
  if (deps.logs === undefined) return;
  try {
    const log = await deps.logs.open(run.run_id);
    log.error('the watchdog closed this run', { error: run.error, code: run.error_code });
    await log.close(runVerdict(run, { crashed: run.error_code !== 'RUN_DEADLINE' }));
  } catch (error) {
    // The record says it all; the log line is for the seed's tools.
    deps.logger.warn('could not end the run log', {
      runId: run.run_id,
      error: summarizeError(error).message,
    });
  }
}

export function describe(action: WatchdogAction): string {
  switch (action.kind) {
    case 'stop_run':
      return `stop run ${action.runId} (pid ${action.pid}): SIGTERM, then SIGKILL`;
    case 'record_failure':
      return `record run ${action.run.run_id} as failed: ${action.run.error ?? ''}`;
    case 'set_aside_status':
      return `set the unreadable ${LAYOUT.lastRunStatus} aside`;
    case 'start_run':
      return `start a catch-up run: ${action.reason}`;
    case 'alert':
      return `send the ${action.alert.replace('_', ' ')} alert`;
  }
}

/**
 * Waits until the run just started holds the run lock (or has already ended), so that a check
 * right after this one sees it and does not start another. Returns what was seen, or null
 * when not waiting.
 */
async function settle(
  deps: RunWatchdogDeps,
  pid: number,
  staleRunId: string | undefined,
): Promise<string | null> {
  const { clock, status, launcher, settings } = deps;
  if (settings.launchSettleMs <= 0) return null;
  const until = clock.now().getTime() + settings.launchSettleMs;
  for (;;) {
    const lock = await status.readLock();
    if (lock?.alive === true && lock.lock.runId !== staleRunId)
      return `run ${lock.lock.runId} holds the lock`;
    if (!(await launcher.isAlive(pid))) return 'it ended before taking the lock (see daemon_stderr.log)';
    if (clock.now().getTime() >= until) return 'it has not taken the lock yet';
    await clock.sleep(SETTLE_POLL_MS);
  }
}

const SETTLE_POLL_MS = 200;

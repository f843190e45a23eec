import type { HorizonDelivery, NightDelivery } from '../../domain/night/night-delivery.js';
import type { RunRecord, StageRecord } from '../../domain/night/run.js';
import {
  skillTestFigures,
  type HorizonForecast,
  type SkillTestSummary,
} from '../../domain/model/horizon-forecast.js';
import type { StatusReport } from '../../index.js';
import { formatDuration, formatTable } from './format-table.js';

const MARK: Readonly<Record<StageRecord['status'], string>> = {
  succeeded: 'ok',
  partial: 'PARTIAL',
  skipped: 'skipped',
  failed: 'FAILED',
  running: 'running',
  not_run: 'not run',
};

/** The stage table of a run: stage, result, duration, retries, error or reason. */
export function formatStages(run: RunRecord): string {
  return formatTable(
    ['stage', 'result', 'duration', 'retries', 'note'],
    run.stages.map((s) => [
      s.name,
      MARK[s.status],
      formatDuration(s.duration_seconds),
      String(s.retries),
      s.error ?? s.reason ?? '',
    ]),
  );
}

/** The one-line verdict of a run. */
export function formatVerdict(run: RunRecord): string {
  const failed = run.failed_stage ? ` at ${run.failed_stage}` : '';
  const error = run.error ? `: ${run.error}` : '';
  const hint = run.hint ? `; ${run.hint}` : '';
  return `run ${run.run_id}: ${run.state}${run.state === 'success' ? '' : `${failed}${error}${hint}`} (exit ${run.exit_code ?? '-'})`;
}

/** The one stderr line of a run that did not fully succeed: what, where, what to do, the code. */
export function formatFailureLine(run: RunRecord): string {
  const where = run.failed_stage ? ` at ${run.failed_stage}` : '';
  const error = run.error ? `: ${run.error}` : '';
  const hint = run.hint ? `; ${run.hint}` : '';
  const code = run.error_code ? ` [${run.error_code}]` : '';
  return `cbi: run ${run.run_id} ${run.state}${where}${error}${hint}${code}`;
}

const SKILL: Readonly<Record<HorizonForecast['skill'], string>> = {
  skill: 'yes',
  no_skill: 'NO',
  unknown: '?',
};

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : `${value.toFixed(2)} %`;
}

function price(value: number | null): string {
  return value === null ? '-' : value.toFixed(2);
}

/**
 * The forecasts table: per horizon the champion's forecast (price, change, as-of and target
 * dates, model), its walk-forward MAPE against naive, matured error when forecasts have
 * matured, and whether the horizon has skill (beats naive).
 */
export function formatForecasts(forecasts: readonly HorizonForecast[]): string {
  if (forecasts.length === 0) return 'forecasts: none yet (a night must train and predict first)';
  return [
    'forecasts (champion per horizon; MAPE in percent, lower is better):',
    formatTable(
      [
        'horizon',
        'forecast',
        'change',
        'as of',
        'for',
        'model',
        'walk-fwd MAPE',
        'naive',
        'matured',
        'skill',
        'test (DM, p, forecasts/independent)',
        'band (matured inside)',
      ],
      forecasts.map((f) => [
        f.horizon,
        price(f.predictedPrice),
        f.predictedReturn === null
          ? '-'
          : `${f.predictedReturn >= 0 ? '+' : ''}${(f.predictedReturn * 100).toFixed(1)} %`,
        f.asOfDate,
        f.targetDate ?? '-',
        f.model === null ? '-' : `${f.model} ${f.version ?? ''}`.trim(),
        percent(f.walkForward?.mape),
        percent(f.walkForward?.naiveMape),
        f.matured === null || f.matured.count === 0
          ? '-'
          : `${percent(f.matured.mape)} vs ${percent(f.matured.naiveMape)} (${f.matured.count})`,
        SKILL[f.skill],
        formatSkillTest(f.skillTest),
        formatInterval(f),
      ]),
    ),
  ].join('\n');
}

/** `80 % 1102.00-1230.50 (4/5)`: the band at its nominal level, and how many matured outcomes fell inside. */
export function formatInterval(f: Pick<HorizonForecast, 'interval' | 'intervalCoverage'>): string {
  if (f.interval === null) return '-';
  const band = `${Math.round(f.interval.level * 100)} % ${price(f.interval.low)}-${price(f.interval.high)}`;
  return f.intervalCoverage === null
    ? `${band} (none matured)`
    : `${band} (${f.intervalCoverage.covered}/${f.intervalCoverage.matured})`;
}

/** `DM 2.19 p 0.015 240/240.0`: the Diebold-Mariano statistic, its p-value, forecasts / independent ones. */
export function formatSkillTest(test: SkillTestSummary | null): string {
  if (test === null) return '-';
  const { statistic, p } = skillTestFigures(test);
  const leak = test.suspectedLeakage ? ' suspected leakage' : '';
  return `DM ${statistic} p ${p} ${test.forecasts}/${test.independentForecasts.toFixed(1)}${leak}`;
}

const DELIVERED: Readonly<Record<HorizonDelivery['delivered'], string>> = {
  skilled: 'forecast (skill)',
  naive: 'naive only',
  stale: 'STALE',
  not_published: 'NOT FORECAST',
};

function dataAgeText(h: HorizonDelivery): string {
  if (h.data_age_periods === null) return '-';
  const unit = h.frequency === 'monthly' ? 'month' : 'business day';
  return `${h.data_age_periods} ${unit}${h.data_age_periods === 1 ? '' : 's'} (${h.data_age_days ?? '?'} d)`;
}

/**
 * What the last night delivered, per horizon: forecast from a model with skill, naive only,
 * stale or not forecast, why, and how old its data is on the day it was judged.
 */
export function formatDelivery(run: RunRecord, delivery: NightDelivery): string {
  const head = delivery.met
    ? `run ${run.run_id} delivered ${delivery.current} current forecast${delivery.current === 1 ? '' : 's'} (${delivery.expected} expected); data age counted on ${delivery.judged_on}:`
    : `run ${run.run_id} DEGRADED: ${delivery.current} of ${delivery.expected} expected horizon${delivery.expected === 1 ? '' : 's'} forecast from current data (data age counted on ${delivery.judged_on}):`;
  return [
    head,
    formatTable(
      ['horizon', 'delivered', 'data as of', 'data age', 'why / model'],
      delivery.horizons.map((h) => [
        h.horizon,
        DELIVERED[h.delivered],
        h.as_of_date ?? '-',
        dataAgeText(h),
        h.reason ?? h.model ?? '',
      ]),
    ),
  ].join('\n');
}

/**
 * What the run did beside its stages that a person should know: files it found broken and set
 * aside (rebuilt from the sources), and settings it took from the environment for this run only
 * (the unattended runs will not have them).
 */
export function formatRunNotices(run: RunRecord): string[] {
  const setAside = run.set_aside.map(
    (f) => `set aside: the ${f.what} ${f.path} (${f.reason}), moved to ${f.moved_to} and rebuilt`,
  );
  const notRecorded = (run.environment?.not_recorded ?? []).map(
    (n) => `not recorded for the unattended runs: ${n.variable} (${n.key}): ${n.reason}`,
  );
  return [...setAside, ...notRecorded];
}

/**
 * What `cbi status` prints on a terminal: a night that delivered less than every horizon it
 * asked for leads (which horizons were not forecast and why, how old the data is), then what it
 * forecast and whether to trust it, then how the nights went.
 */
export function formatStatus(report: StatusReport): string {
  const delivery = report.last?.delivery ?? null;
  const short =
    report.last !== null &&
    delivery !== null &&
    (!delivery.met || delivery.horizons.some((h) => h.delivered !== 'skilled'));
  const parts: string[] = [];
  if (short && report.last !== null && delivery !== null)
    parts.push(formatDelivery(report.last, delivery), '');
  parts.push(formatForecasts(report.forecasts), '');
  if (report.corrupt) parts.push(`last run status is CORRUPT: ${report.corrupt}`);
  if (report.last === null) {
    parts.push('no run recorded yet: start one with `cbi run`');
  } else {
    parts.push(
      `${formatVerdict(report.last)}; started ${report.last.start_time} (${formatDuration(report.ageSeconds)} ago)`,
    );
    parts.push(...formatRunNotices(report.last));
    parts.push('', formatStages(report.last));
  }
  if (report.current !== null) {
    // the horizons' train stages run side by side: every stage at work is named
    const at = report.current.stages.filter((s) => s.status === 'running').map((s) => s.name);
    parts.push(
      '',
      `run in progress: ${report.current.run_id} (${report.current.trigger}, started ${report.current.started_at})${at.length > 0 ? `, now at ${at.join(', ')}` : ''}`,
    );
  }
  if (report.abandoned !== null) {
    const at = report.abandoned.stages.find((s) => s.status === 'running');
    parts.push(
      '',
      `run ${report.abandoned.run_id} stopped without finishing${at ? ` at ${at.name}` : ''} (its process is gone): the watchdog marks it failed and starts a catch-up run at its next check, or run \`cbi watchdog\` now`,
    );
  }
  parts.push(
    '',
    report.lock === null
      ? 'lock: free'
      : `lock: held by run ${report.lock.lock.runId} (pid ${report.lock.lock.pid} on ${report.lock.lock.host}, since ${report.lock.lock.startedAt})${report.lock.alive ? '' : ' - its process is gone (stale)'}`,
  );
  if (report.recent.length > 0) {
    parts.push(
      '',
      'recent runs:',
      formatTable(
        ['run', 'state', 'trigger', 'started', 'failed stage'],
        report.recent.map((r) => [r.run_id, r.state, r.trigger, r.start_time, r.failed_stage ?? '']),
      ),
    );
  }
  parts.push(
    '',
    report.incident === null
      ? 'incidents: none open'
      : `INCIDENT OPEN since ${report.incident.openedAt} (first failed run ${report.incident.firstRunId}; ${report.incident.alertsSent} alert(s) sent)`,
  );
  return parts.join('\n');
}

import { ageText, dataAge } from '../data/data-age.js';
import type { Frequency, Horizon } from '../horizon.js';
import { stageName } from './pipeline-plan.js';
import { stageDetails, type RunRecord, type StageRecord } from './run.js';
import { isBlockedTraining, isPublished, type HorizonPredictOutcome } from './stage-details.js';
import type { HorizonDelivery, NightDelivery } from './delivery.js';

export type { Delivered, HorizonDelivery, NightDelivery } from './delivery.js';

/** What a night is expected to deliver, and what a forecast from old data is. */
export interface DeliveryPolicy {
  /**
   * A forecast is current when the row it starts from is at most this many periods old on the
   * day of the run (business days for daily data; whole months since the row's month ended for
   * monthly data), counted from the clock, never from the table's newest row.
   */
  readonly maxDataAge: Readonly<Record<Frequency, number>>;
  /** A night that publishes fewer current forecasts than this (or than the horizons it asks for) is degraded. */
  readonly minCurrentHorizons: number;
  /** A forecast from older data: `withhold` it (not published), or publish it flagged `stale`. */
  readonly staleForecasts: 'withhold' | 'flag';
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxDataAge: { monthly: 3, daily: 10 },
  minCurrentHorizons: 1,
  staleForecasts: 'withhold',
};

/** The libraries whose model for a horizon was trained tonight (not reused). */
function trainedTonight(run: Pick<RunRecord, 'stages'>, horizon: Horizon): string[] {
  const details = stageDetails(run, 'train', horizon);
  if (details === undefined || isBlockedTraining(details)) return [];
  return details.models.flatMap((m) => (m.status === 'trained' ? [m.model] : []));
}

function whyNoForecast(predict: StageRecord | undefined, train: StageRecord | undefined): string {
  if (train?.status === 'skipped' && train.reason !== null) return train.reason;
  if (predict === undefined || predict.status === 'not_run' || predict.status === 'skipped')
    return `the predict stage did not run${predict?.reason ? ` (${predict.reason})` : ''}`;
  if (predict.status === 'failed') return `the predict stage failed: ${predict.error ?? 'no error recorded'}`;
  if (predict.status === 'running') return 'the predict stage did not finish';
  return 'no table to forecast it from';
}

function judgeHorizon(
  run: Pick<RunRecord, 'stages'>,
  horizon: Horizon,
  now: Date,
  policy: DeliveryPolicy,
): HorizonDelivery {
  const train = run.stages.find((s) => s.name === stageName('train', horizon));
  const predict = run.stages.find((s) => s.name === stageName('predict', null));
  const trained = trainedTonight(run, horizon);
  const forecast: HorizonPredictOutcome | undefined = stageDetails(run, 'predict')?.horizons[horizon];
  const none = (reason: string, asOf: string | null = null, frequency: Frequency | null = null) => {
    const age = asOf !== null && frequency !== null ? dataAge(asOf, frequency, now) : null;
    return {
      horizon,
      delivered: 'not_published' as const,
      model: null,
      reason,
      as_of_date: asOf,
      frequency,
      data_age_periods: age?.periods ?? null,
      data_age_days: age?.days ?? null,
      trained,
    };
  };
  if (forecast === undefined) return none(whyNoForecast(predict, train));
  if ('error' in forecast) return none(`the forecast failed: ${forecast.error}`);
  const asOf = forecast.as_of_date ?? null;
  const frequency = forecast.frequency ?? null;
  if (!isPublished(forecast)) return none(forecast.reason, asOf, frequency);
  const kind = forecast.published.kind;
  const age = asOf !== null && frequency !== null ? dataAge(asOf, frequency, now) : null;
  const model =
    kind === 'naive'
      ? 'naive'
      : [forecast.champion?.model, forecast.champion?.version].filter((p) => p !== undefined).join(' ');
  const limit = frequency === null ? null : policy.maxDataAge[frequency];
  const stale = forecast.stale === true || (age !== null && limit !== null && age.periods > limit);
  return {
    horizon,
    delivered: stale ? 'stale' : kind === 'naive' ? 'naive' : 'skilled',
    model,
    reason:
      stale && age !== null && frequency !== null
        ? `published flagged stale: the data is ${ageText(age, frequency)} old (newest trusted row ${asOf ?? '?'}, limit ${limit ?? '?'})`
        : stale
          ? 'published flagged stale'
          : null,
    as_of_date: asOf,
    frequency,
    data_age_periods: age?.periods ?? null,
    data_age_days: age?.days ?? null,
    trained,
  };
}

function describe(h: HorizonDelivery): string {
  if (h.delivered === 'skilled') return `${h.horizon} ${h.model ?? 'model'} (skill)`;
  if (h.delivered === 'naive') return `${h.horizon} naive (no model beat it)`;
  return `${h.horizon}: ${h.reason ?? 'not published'}`;
}

/**
 * What the night delivered, per horizon it asked for, judged from its stage details at `now`:
 * the published forecast (from a model with skill, or naive), a forecast from data older than
 * `policy.maxDataAge` (stale: never counted as current), or nothing and why. The night meets
 * the expectation when at least `minCurrentHorizons` horizons (at most as many as it asked for)
 * publish a current forecast. Pure.
 */
export function judgeDelivery(
  run: Pick<RunRecord, 'stages' | 'horizons'>,
  now: Date,
  policy: DeliveryPolicy,
): NightDelivery {
  const horizons = run.horizons.map((h) => judgeHorizon(run, h, now, policy));
  const current = horizons.filter((h) => h.delivered === 'skilled' || h.delivered === 'naive');
  const expected = Math.min(policy.minCurrentHorizons, run.horizons.length);
  const met = current.length >= expected;
  const missing = horizons.filter((h) => h.delivered === 'stale' || h.delivered === 'not_published');
  const trained = horizons.filter((h) => h.trained.length > 0);
  const parts: string[] = [];
  if (current.length > 0) parts.push(`published ${current.map(describe).join(', ')}`);
  else {
    const tonight =
      trained.length === 0
        ? ''
        : `trained ${trained.map((h) => `${h.horizon} (${h.trained.join(', ')})`).join(', ')} tonight, but `;
    parts.push(`${tonight}no horizon was forecast from current data (${expected} expected)`);
  }
  if (missing.length > 0) parts.push(`not current: ${missing.map(describe).join('; ')}`);
  return {
    met,
    current: current.length,
    expected,
    judged_on: now.toISOString().slice(0, 10),
    summary: parts.join('; '),
    horizons,
  };
}

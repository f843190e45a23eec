import { describe, expect, it } from 'vitest';
import type { Horizon } from '../../../../src/domain/horizon.js';
import {
  DEFAULT_DELIVERY_POLICY,
  judgeDelivery,
  type DeliveryPolicy,
} from '../../../../src/domain/night/night-delivery.js';
import type { StageRecord, StageStatus } from '../../../../src/domain/night/run.js';
import type { StageDetails } from '../../../../src/domain/night/stage-details.js';

/** Only the keys the delivery is judged from: a real stage reports many more. */
function stage(
  name: string,
  status: StageStatus,
  details: Record<string, unknown> | null = null,
  reason: string | null = null,
): StageRecord {
  return {
    name,
    kind: name === 'predict' ? 'predict' : 'train',
    success: status === 'succeeded',
    start_time: null,
    end_time: null,
    duration_seconds: null,
    error: status === 'failed' ? `${name} broke` : null,
    retries: 0,
    status,
    started_at: null,
    ended_at: null,
    critical: false,
    horizon: name === 'predict' ? null : (name.slice('train_'.length) as Horizon),
    attempts: 1,
    error_code: null,
    reason,
    details: details as StageDetails | null,
  } as StageRecord;
}

const trained = (horizon: Horizon, ...models: string[]) =>
  stage(`train_${horizon}`, 'succeeded', { models: models.map((model) => ({ model, status: 'trained' })) });

const champion = (asOf: string, frequency = 'monthly') => ({
  as_of_date: asOf,
  frequency,
  published: { kind: 'champion' },
  champion: { model: 'lightgbm', version: '20261206_235900' },
});
const naive = (asOf: string, frequency = 'daily') => ({
  as_of_date: asOf,
  frequency,
  published: { kind: 'naive' },
});

const now = new Date('2026-12-07T23:59:00Z');

describe('judgeDelivery', () => {
  it('counts skilled and naive forecasts from current data, and says which', () => {
    const delivery = judgeDelivery(
      {
        horizons: ['1w', '1m'],
        stages: [
          trained('1w', 'lightgbm'),
          trained('1m', 'lightgbm', 'xgboost'),
          stage('predict', 'succeeded', {
            horizons: { '1w': naive('2026-12-04'), '1m': champion('2026-11-01') },
          }),
        ],
      },
      now,
      DEFAULT_DELIVERY_POLICY,
    );
    expect(delivery).toMatchObject({ met: true, current: 2, expected: 1, judged_on: '2026-12-07' });
    expect(delivery.horizons.map((h) => [h.horizon, h.delivered, h.model, h.data_age_periods])).toEqual([
      ['1w', 'naive', 'naive', 0], // Friday's row on Monday: no business day missing
      ['1m', 'skilled', 'lightgbm 20261206_235900', 0],
    ]);
    expect(delivery.horizons[1]?.trained).toEqual(['lightgbm', 'xgboost']);
    expect(delivery.summary).toBe(
      'published 1w naive (no model beat it), 1m lightgbm 20261206_235900 (skill)',
    );
  });

  it('counts the age from the clock, not from the newest row: a forecast from 2025 is not current in December 2026', () => {
    const delivery = judgeDelivery(
      {
        horizons: ['1m'],
        stages: [
          trained('1m', 'lightgbm'),
          stage('predict', 'succeeded', { horizons: { '1m': naive('2025-09-30') } }),
        ],
      },
      now,
      DEFAULT_DELIVERY_POLICY,
    );
    expect(delivery.met).toBe(false);
    expect(delivery.horizons[0]).toMatchObject({
      delivered: 'stale',
      data_age_periods: 308,
      data_age_days: 433,
      trained: ['lightgbm'],
    });
    expect(delivery.summary).toContain(
      'trained 1m (lightgbm) tonight, but no horizon was forecast from current data (1 expected)',
    );
    expect(delivery.summary).toContain(
      'the data is 308 business days old (newest trusted row 2025-09-30, limit 10)',
    );
  });

  it('says why a horizon was not published: the reason the predict stage gave, a skipped train, a broken stage', () => {
    const delivery = judgeDelivery(
      {
        horizons: ['1w', '1m', '3m'],
        stages: [
          stage('train_1w', 'skipped', null, 'the 1w horizon needs daily data'),
          trained('1m', 'lightgbm'),
          stage('predict', 'succeeded', {
            horizons: {
              '1m': {
                as_of_date: '2025-09-01',
                frequency: 'monthly',
                reason: 'the data is too old',
                data_age_periods: 14,
              },
              '3m': { error: 'model file unreadable' },
            },
          }),
        ],
      },
      now,
      DEFAULT_DELIVERY_POLICY,
    );
    expect(delivery.horizons.map((h) => [h.horizon, h.delivered, h.reason])).toEqual([
      ['1w', 'not_published', 'the 1w horizon needs daily data'],
      ['1m', 'not_published', 'the data is too old'],
      ['3m', 'not_published', 'the forecast failed: model file unreadable'],
    ]);
    expect(delivery.horizons[1]).toMatchObject({ as_of_date: '2025-09-01', data_age_periods: 14 });
    expect(delivery.met).toBe(false);
  });

  it('says the predict stage failed when it did', () => {
    const delivery = judgeDelivery(
      { horizons: ['1m'], stages: [trained('1m', 'lightgbm'), stage('predict', 'failed')] },
      now,
      DEFAULT_DELIVERY_POLICY,
    );
    expect(delivery.horizons[0]?.reason).toBe('the predict stage failed: predict broke');
  });

  it('expects as many current horizons as configured, never more than the night asked for', () => {
    const policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, minCurrentHorizons: 3 };
    const one = {
      horizons: ['1m'] as Horizon[],
      stages: [stage('predict', 'succeeded', { horizons: { '1m': champion('2026-11-01') } })],
    };
    expect(judgeDelivery(one, now, policy)).toMatchObject({ met: true, expected: 1 });
    const two = {
      horizons: ['1m', '3m'] as Horizon[],
      stages: [stage('predict', 'succeeded', { horizons: { '1m': champion('2026-11-01') } })],
    };
    expect(judgeDelivery(two, now, policy)).toMatchObject({ met: false, current: 1, expected: 2 });
  });

  it('honours the age limit per frequency: a monthly row counts whole months since its month ended', () => {
    const run = {
      horizons: ['1m'] as Horizon[],
      stages: [stage('predict', 'succeeded', { horizons: { '1m': champion('2026-08-01') } })],
    };
    // August ended 3 whole months (Sep, Oct, Nov) before 7 December
    expect(judgeDelivery(run, now, DEFAULT_DELIVERY_POLICY).horizons[0]?.delivered).toBe('skilled');
    const strict: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, maxDataAge: { monthly: 2, daily: 10 } };
    expect(judgeDelivery(run, now, strict).horizons[0]?.delivered).toBe('stale');
  });
});

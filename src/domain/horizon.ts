import { UsageError } from './errors.js';

/** Every horizon, shortest first: the order stages run in. The one place the horizons are spelled out. */
export const HORIZONS = ['1w', '1m', '3m', '6m', '12m'] as const;

/** A forecast horizon, named as the seed names them. */
export type Horizon = (typeof HORIZONS)[number];

/** The frequency of a target series; horizons are periods of it. */
export type Frequency = 'daily' | 'monthly';

const PERIODS: Readonly<Record<Frequency, Readonly<Record<Horizon, number | undefined>>>> = {
  daily: { '1w': 5, '1m': 21, '3m': 63, '6m': 126, '12m': 252 },
  monthly: { '1w': undefined, '1m': 1, '3m': 3, '6m': 6, '12m': 12 },
};

/** Periods per year of each frequency (trading days, months). */
export const PERIODS_PER_YEAR: Readonly<Record<Frequency, number>> = { daily: 252, monthly: 12 };

export function isHorizon(text: string): text is Horizon {
  return (HORIZONS as readonly string[]).includes(text);
}

export function parseHorizon(text: string): Horizon {
  const trimmed = text.trim();
  if (!isHorizon(trimmed)) {
    throw new UsageError(`unknown horizon "${text}"`, { hint: `use one of ${HORIZONS.join(', ')}` });
  }
  return trimmed;
}

/** Parses "1m,3m" into horizons in canonical order, without duplicates. */
export function parseHorizonList(text: string): readonly Horizon[] {
  const parsed = new Set(
    text
      .split(',')
      .filter((part) => part.trim() !== '')
      .map(parseHorizon),
  );
  if (parsed.size === 0) throw new UsageError('empty horizon list', { hint: `use e.g. 1m,3m` });
  return HORIZONS.filter((h) => parsed.has(h));
}

/** How many periods of `frequency` a horizon spans; undefined when unsupported at that resolution. */
export function horizonPeriods(horizon: Horizon, frequency: Frequency): number | undefined {
  return PERIODS[frequency][horizon];
}

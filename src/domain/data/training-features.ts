import type { Frequency } from '../horizon.js';
import { tonneFactor, type CrushInput, type PriceUnit } from './price-units.js';

/**
 * Which series plays which part in the features that combine series (spreads against the
 * substitutes and crude, the board crush, the yield curve). Ids, not assumptions: a role left
 * unset, or naming a series that is not ingested, builds no feature and is reported.
 */
export interface FeatureRoles {
  readonly palm?: string | undefined;
  readonly rapeseed?: string | undefined;
  readonly sunflower?: string | undefined;
  /** Crude oil (the biodiesel link). */
  readonly crude?: string | undefined;
  readonly meal?: string | undefined;
  readonly beans?: string | undefined;
  readonly yield10y?: string | undefined;
  readonly yield2y?: string | undefined;
}

export type FeatureRole = keyof FeatureRoles;

export const FEATURE_ROLES: readonly FeatureRole[] = [
  'palm',
  'rapeseed',
  'sunflower',
  'crude',
  'meal',
  'beans',
  'yield10y',
  'yield2y',
];

/** The IMF and Treasury series of the embedded default (data/fred). */
export const DEFAULT_FEATURE_ROLES: FeatureRoles = {
  palm: 'PPOILUSDM',
  rapeseed: 'PROILUSDM',
  sunflower: 'PSUNOUSDM',
  crude: 'POILWTIUSDM',
  meal: 'PSMEAUSDM',
  beans: 'PSOYBUSDM',
  yield10y: 'DGS10',
  yield2y: 'DGS2',
};

/** What the training tables are built from. */
export interface TrainingSpec {
  /** The target series (soybean oil, PSOILUSDM); its frequency is the tables' frequency. */
  readonly target: string;
  readonly drivers: readonly string[];
  /** The series behind the spread, crush and yield-curve features (default: DEFAULT_FEATURE_ROLES). */
  readonly roles?: FeatureRoles | undefined;
  /** Series quoted in percent: changes are differences (default: DGS10, DGS2). */
  readonly rates?: readonly string[] | undefined;
  /**
   * The unit each price is quoted in, by role (`target`: the forecast series). The crush
   * features convert their inputs to USD per tonne; an input without a unit (and not one of
   * the IMF series in KNOWN_SERIES_UNITS) builds no crush feature and is reported.
   */
  readonly units?: Readonly<Partial<Record<UnitKey, PriceUnit | undefined>>> | undefined;
}

/** What a unit is declared for: the target series or a role. */
export type UnitKey = 'target' | FeatureRole;

/** Units of the embedded default's series whose unit is published with them (data/fred/MANIFEST.json). */
export const KNOWN_SERIES_UNITS: Readonly<Record<string, PriceUnit>> = {
  PSOILUSDM: 'USD/t',
  PSMEAUSDM: 'USD/t',
  PSOYBUSDM: 'USD/t',
};

/** How a change of a series is measured: log return for prices, difference for rates in percent. */
export type ChangeMode = 'log' | 'diff';

/**
 * One feature column, computed at each period t from values known at t only (point-in-time).
 * Series are referred to by id; the target series by its id too. Periods are rows of the
 * table: months of a monthly table, trading days of a daily one.
 */
export type FeatureDefinition =
  | { readonly kind: 'level'; readonly name: string; readonly series: string }
  | {
      readonly kind: 'change';
      readonly name: string;
      readonly series: string;
      readonly periods: number;
      readonly mode: ChangeMode;
    }
  | {
      readonly kind: 'volatility';
      readonly name: string;
      readonly series: string;
      readonly periods: number;
      readonly mode: ChangeMode;
    }
  | {
      readonly kind: 'intraPeriodVolatility';
      readonly name: string;
      readonly series: string;
      readonly mode: ChangeMode;
    }
  | { readonly kind: 'deviation'; readonly name: string; readonly series: string; readonly periods: number }
  | {
      readonly kind: 'logRatio';
      readonly name: string;
      readonly numerator: string;
      readonly denominator: string;
    }
  | {
      readonly kind: 'crushShare';
      readonly name: string;
      readonly oil: string;
      readonly meal: string;
      /** USD per tonne for one unit of each input (1 when it is quoted in USD/t). */
      readonly perTonne: CrushFactors;
    }
  | {
      readonly kind: 'crushMargin';
      readonly name: string;
      readonly oil: string;
      readonly meal: string;
      readonly beans: string;
      readonly perTonne: CrushFactors;
    }
  | {
      readonly kind: 'difference';
      readonly name: string;
      readonly minuend: string;
      readonly subtrahend: string;
    }
  | { readonly kind: 'season'; readonly name: string; readonly fn: 'sin' | 'cos' };

/** The target's current value (known at the row's date): a column of every training table. */
export const PRICE_COLUMN = 'zl_price';
export const DATE_COLUMN = 'date';

/** The column holding the value `h` periods after the row's date. */
export function targetColumn(horizon: string): string {
  return `target_${horizon}`;
}

/**
 * Board-crush yields per tonne of soybeans: a 60 lb bushel gives 11 lb of oil and 44 lb of
 * meal (the CBOT board crush convention).
 */
export const CRUSH_OIL_YIELD = 11 / 60;
export const CRUSH_MEAL_YIELD = 44 / 60;

/** Per crush input, the factor to USD per tonne. */
export type CrushFactors = Readonly<Record<CrushInput, number>>;

/** A derived feature that was not built, and each reason why (one line each). */
export interface RefusedFeature {
  readonly feature: string;
  readonly problems: readonly string[];
}

/** The windows of the features, in rows of each frequency (daily: trading days). */
const WINDOWS: Readonly<
  Record<
    Frequency,
    {
      readonly returns: readonly number[];
      readonly volatility: readonly number[];
      readonly deviation: number;
      readonly changes: readonly number[];
      readonly keyChanges: readonly number[];
    }
  >
> = {
  monthly: { returns: [1, 3, 6, 12], volatility: [3, 12], deviation: 12, changes: [1], keyChanges: [3] },
  daily: { returns: [1, 5, 21, 63, 252], volatility: [21, 63], deviation: 252, changes: [5, 21], keyChanges: [63] },
};

/** Rates (in percent) change by differences; everything else by log returns. */
export function changeMode(seriesId: string, spec: TrainingSpec): ChangeMode {
  return (spec.rates ?? ['DGS10', 'DGS2']).includes(seriesId) ? 'diff' : 'log';
}

/** Column-name stem of a series: `zl` for the target, the lower-cased id otherwise. */
export function seriesStem(seriesId: string, spec: TrainingSpec): string {
  return seriesId === spec.target ? 'zl' : seriesId.toLowerCase();
}

/** The roles whose series is not among the drivers: their features are not built (reported). */
export function unfilledRoles(spec: TrainingSpec): readonly { readonly role: FeatureRole; readonly series: string | null }[] {
  const roles = spec.roles ?? DEFAULT_FEATURE_ROLES;
  return FEATURE_ROLES.flatMap((role) => {
    const series = roles[role];
    return series !== undefined && spec.drivers.includes(series) ? [] : [{ role, series: series ?? null }];
  });
}

/**
 * The feature columns of the training tables, in column order (docs/data.md lists the
 * families). `frequencies` gives each series' frequency as ingested; `frequency` is the
 * target's (the rows'). In a monthly table daily drivers are averaged over the month and also
 * give their within-month volatility.
 */
export function trainingFeatures(
  spec: TrainingSpec,
  frequencies: Readonly<Record<string, Frequency>>,
  frequency: Frequency = 'monthly',
): readonly FeatureDefinition[] {
  const t = spec.target;
  const w = WINDOWS[frequency];
  const roles = spec.roles ?? DEFAULT_FEATURE_ROLES;
  const has = (id: string | undefined): id is string => id !== undefined && spec.drivers.includes(id);
  const key = [roles.beans, roles.meal, roles.palm, roles.crude].filter(has);
  const features: FeatureDefinition[] = [
    // the target's own history
    ...w.returns.map((p): FeatureDefinition => ({ kind: 'change', name: `zl_ret_${p}`, series: t, periods: p, mode: 'log' })),
    ...w.volatility.map((p): FeatureDefinition => ({ kind: 'volatility', name: `zl_vol_${p}`, series: t, periods: p, mode: 'log' })),
    { kind: 'deviation', name: `zl_dev_${w.deviation}`, series: t, periods: w.deviation },
  ];
  for (const id of spec.drivers) {
    const stem = seriesStem(id, spec);
    const mode = changeMode(id, spec);
    features.push({ kind: 'level', name: `${stem}_level`, series: id });
    for (const periods of [...w.changes, ...(key.includes(id) ? w.keyChanges : [])])
      features.push({ kind: 'change', name: `${stem}_chg_${periods}`, series: id, periods, mode });
    if (frequency === 'monthly' && frequencies[id] === 'daily')
      features.push({ kind: 'intraPeriodVolatility', name: `${stem}_intra_vol`, series: id, mode });
  }
  // spreads: soybean oil against its substitutes and against crude (biodiesel link)
  const spreads: readonly [string, string | undefined][] = [
    ['spread_zl_palm', roles.palm],
    ['spread_zl_rapeseed', roles.rapeseed],
    ['spread_zl_sunflower', roles.sunflower],
    ['spread_zl_crude', roles.crude],
  ];
  for (const [name, denominator] of spreads)
    if (has(denominator)) features.push({ kind: 'logRatio', name, numerator: t, denominator });
  features.push(...crushFeatures(spec).built);
  if (has(roles.yield10y) && has(roles.yield2y))
    features.push({ kind: 'difference', name: 'yield_slope_10y_2y', minuend: roles.yield10y, subtrahend: roles.yield2y });
  features.push(
    { kind: 'season', name: 'month_sin', fn: 'sin' },
    { kind: 'season', name: 'month_cos', fn: 'cos' },
  );
  return features;
}

/**
 * The board-crush features (`crush_oil_share`, `crush_margin`), defined in USD per tonne: each
 * input is converted from its declared unit, and a feature an input cannot be converted for is
 * refused with one line per input saying which unit it lacks or has. A role left unfilled
 * builds nothing and is reported by `unfilledRoles`, not here.
 */
export function crushFeatures(spec: TrainingSpec): {
  readonly built: readonly FeatureDefinition[];
  readonly refused: readonly RefusedFeature[];
} {
  const roles = spec.roles ?? DEFAULT_FEATURE_ROLES;
  const meal = roles.meal;
  const beans = roles.beans;
  if (meal === undefined || !spec.drivers.includes(meal)) return { built: [], refused: [] };
  const unitOf = (key: UnitKey, series: string): PriceUnit | undefined =>
    spec.units?.[key] ?? KNOWN_SERIES_UNITS[series];
  const factor = (input: CrushInput, key: UnitKey, series: string) =>
    tonneFactor(input, { key, series, unit: unitOf(key, series) });
  const oilFactor = factor('oil', 'target', spec.target);
  const mealFactor = factor('meal', 'meal', meal);
  const built: FeatureDefinition[] = [];
  const refused: RefusedFeature[] = [];
  const problems = (...factors: readonly ({ factor: number } | { problem: string })[]) =>
    factors.flatMap((f) => ('problem' in f ? [f.problem] : []));
  const shareProblems = problems(oilFactor, mealFactor);
  if (shareProblems.length > 0) refused.push({ feature: 'crush_oil_share', problems: shareProblems });
  else if ('factor' in oilFactor && 'factor' in mealFactor)
    built.push({
      kind: 'crushShare',
      name: 'crush_oil_share',
      oil: spec.target,
      meal,
      perTonne: { oil: oilFactor.factor, meal: mealFactor.factor, beans: 1 },
    });
  if (beans === undefined || !spec.drivers.includes(beans)) return { built, refused };
  const beansFactor = factor('beans', 'beans', beans);
  const marginProblems = problems(oilFactor, mealFactor, beansFactor);
  if (marginProblems.length > 0) refused.push({ feature: 'crush_margin', problems: marginProblems });
  else if ('factor' in oilFactor && 'factor' in mealFactor && 'factor' in beansFactor)
    built.push({
      kind: 'crushMargin',
      name: 'crush_margin',
      oil: spec.target,
      meal,
      beans,
      perTonne: { oil: oilFactor.factor, meal: mealFactor.factor, beans: beansFactor.factor },
    });
  return { built, refused };
}

/**
 * The documented features each role's series is needed for (docs/data.md, "Feature families");
 * `<beans>_chg_3` stands for the key driver's longer change (63 trading days in a daily table).
 */
function roleFeatures(role: FeatureRole, frequency: Frequency): readonly string[] {
  const key = `<${role}>_chg_${WINDOWS[frequency].keyChanges.join('_')}`;
  switch (role) {
    case 'palm':
      return ['spread_zl_palm', key];
    case 'rapeseed':
      return ['spread_zl_rapeseed'];
    case 'sunflower':
      return ['spread_zl_sunflower'];
    case 'crude':
      return ['spread_zl_crude', key];
    case 'meal':
      return ['crush_oil_share', 'crush_margin', key];
    case 'beans':
      return ['crush_margin', key];
    case 'yield10y':
    case 'yield2y':
      return ['yield_slope_10y_2y'];
  }
}

/**
 * The one line saying which documented features tonight's tables lack and why (roles no driver
 * fills, crush inputs in units that cannot be converted), with the keys to set; null when every
 * documented feature is built. Meant for where the user looks (the run's record and `cbi status`).
 */
export function missingFeaturesNote(spec: TrainingSpec, frequency: Frequency): string | null {
  const unfilled = unfilledRoles(spec);
  const names = [...new Set(unfilled.flatMap(({ role }) => roleFeatures(role, frequency)))];
  const refused = crushFeatures(spec).refused.filter((r) => !names.includes(r.feature));
  const parts: string[] = [];
  if (names.length > 0)
    parts.push(
      `${names.length} documented features not built (${names.join(', ')}): no driver fills source.roles.${unfilled.map((u) => u.role).join(', .')} (set each to one of source.drivers)`,
    );
  parts.push(...refused.map(refusalLine));
  return parts.length === 0 ? null : parts.join('; ');
}

/** One line per refused feature, e.g. for a log or a run's details. */
export function refusalLine(refusal: RefusedFeature): string {
  return `${refusal.feature} not built: ${refusal.problems.join('; ')}`;
}

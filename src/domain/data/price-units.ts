/**
 * The units a price series may be quoted in, and the exact factor that turns each into US
 * dollars per metric ton, the unit the crush features are defined in. Factors (docs/data.md,
 * "Units"): the avoirdupois pound is exactly 0.45359237 kg (NIST Handbook 44, Appendix C), so a
 * tonne is 2204.62262 lb and a short ton (2000 lb) 0.90718474 t; a hundredweight (cwt) is 100 lb;
 * a bushel of soybeans is 60 lb by law (USDA ERS, "Weights, Measures, and Conversion Factors for
 * Agricultural Commodities", AH-697), 36.7437 bushels per tonne. A bushel is a volume: only the
 * soybeans' weight per bushel is standard, so a bushel unit is accepted for the beans alone.
 */
export const PRICE_UNITS = ['USD/t', 'USD/short_ton', 'USD/cwt', 'USD/lb', 'cents/lb', 'USD/bu', 'cents/bu'] as const;

export type PriceUnit = (typeof PRICE_UNITS)[number];

const KG_PER_LB = 0.45359237;
const LB_PER_TONNE = 1000 / KG_PER_LB;
const SOYBEAN_LB_PER_BUSHEL = 60;

/** USD per tonne for one of each unit (e.g. 1 cent/lb is 22.046 USD/t). */
export const USD_PER_TONNE: Readonly<Record<PriceUnit, number>> = {
  'USD/t': 1,
  'USD/short_ton': LB_PER_TONNE / 2000,
  'USD/cwt': LB_PER_TONNE / 100,
  'USD/lb': LB_PER_TONNE,
  'cents/lb': LB_PER_TONNE / 100,
  'USD/bu': LB_PER_TONNE / SOYBEAN_LB_PER_BUSHEL,
  'cents/bu': LB_PER_TONNE / SOYBEAN_LB_PER_BUSHEL / 100,
};

/** Units that only convert for soybeans (a bushel's weight is standard for the beans only). */
const BUSHEL_UNITS: readonly PriceUnit[] = ['USD/bu', 'cents/bu'];

/** The parts of the board crush, each a price series. */
export type CrushInput = 'oil' | 'meal' | 'beans';

/** A crush input's series and the unit it is quoted in (undefined: not declared). */
export interface QuotedSeries {
  /** The config key that names this input's unit (`source.units.target`, `source.units.meal`...). */
  readonly key: string;
  readonly series: string;
  readonly unit: PriceUnit | undefined;
}

/**
 * The factor that brings an input to USD per tonne, or the one line saying why it cannot be:
 * no unit declared, or a bushel for something other than soybeans.
 */
export function tonneFactor(
  input: CrushInput,
  quoted: QuotedSeries,
): { readonly factor: number } | { readonly problem: string } {
  const { key, series, unit } = quoted;
  if (unit === undefined)
    return { problem: `${input} (${series}) has no unit: set source.units.${key} to one of ${PRICE_UNITS.join(', ')}` };
  if (BUSHEL_UNITS.includes(unit) && input !== 'beans')
    return {
      problem: `${input} (${series}) is in ${unit}, and only soybeans have a standard weight per bushel: quote it per weight (USD/t, USD/short_ton, cents/lb...)`,
    };
  return { factor: USD_PER_TONNE[unit] };
}

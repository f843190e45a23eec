import type { PriceUnit } from './price-units.js';

/**
 * The units of the FRED series a night may forecast, as FRED publishes them ("U.S. Dollars per
 * Metric Ton", "Dollars per Barrel"): the price axis of the report says them. A series not
 * listed has no known unit, and none is claimed.
 */
export const FRED_PRICE_UNITS: Readonly<Record<string, string>> = {
  PSOILUSDM: 'USD/t',
  PSOYBUSDM: 'USD/t',
  PSMEAUSDM: 'USD/t',
  PPOILUSDM: 'USD/t',
  PROILUSDM: 'USD/t',
  PSUNOUSDM: 'USD/t',
  POLVOILUSDM: 'USD/t',
  PMAIZMTUSDM: 'USD/t',
  PWHEAMTUSDM: 'USD/t',
  PBARLUSDM: 'USD/t',
  PRICENPQUSDM: 'USD/t',
  PDAPUSDM: 'USD/t',
  PPOTASHUSDM: 'USD/t',
  PUREAUSDM: 'USD/short ton',
  PSUGAISAUSDM: 'US¢/lb',
  PCOTTINDUSDM: 'US¢/lb',
  PNGASUSUSDM: 'USD/MMBtu',
  POILWTIUSDM: 'USD/bbl',
  POILBREUSDM: 'USD/bbl',
  POILDUBUSDM: 'USD/bbl',
  DCOILWTICO: 'USD/bbl',
  DCOILBRENTEU: 'USD/bbl',
};

/** How the report writes each unit `source.units` may declare (cents as ¢, as quotes do). */
const DISPLAY_OF_UNIT: Readonly<Record<PriceUnit, string>> = {
  'USD/t': 'USD/t',
  'USD/short_ton': 'USD/short ton',
  'USD/cwt': 'USD/cwt',
  'USD/lb': 'USD/lb',
  'cents/lb': 'US¢/lb',
  'USD/bu': 'USD/bu',
  'cents/bu': 'US¢/bu',
};

/**
 * The unit of the target's prices, as the report says it: the one configured for display
 * (`source.priceUnit`), else the target's declared unit (`source.units.target`, the one the
 * crush features convert from: one setting serves both), else for FRED series the series' own,
 * else null (the user's tables say nothing of their units).
 */
export function priceUnitOf(source: {
  readonly kind: 'fred' | 'tables';
  readonly target: string;
  readonly priceUnit?: string | undefined;
  readonly units?: { readonly target?: PriceUnit | undefined } | undefined;
}): string | null {
  if (source.priceUnit !== undefined) return source.priceUnit;
  const declared = source.units?.target;
  if (declared !== undefined) return DISPLAY_OF_UNIT[declared];
  return source.kind === 'fred' ? (FRED_PRICE_UNITS[source.target] ?? null) : null;
}

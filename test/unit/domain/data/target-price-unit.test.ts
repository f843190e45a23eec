import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceConfigSchema } from '../../../../src/app/config/source-config.js';
import { FRED_PRICE_UNITS, priceUnitOf } from '../../../../src/domain/data/target-price-unit.js';
import { REPO_ROOT } from '../../../support/repo.js';

/** The unit a series' publisher states at the end of its title in data/fred/MANIFEST.json. */
const STATED: readonly [RegExp, string][] = [
  [/(US\$ per metric ton|USD\/metric tonne|per MT)$/, 'USD/t'],
  [/US\$ per barrel$/, 'USD/bbl'],
  [/US cents per pound$/, 'US¢/lb'],
  [/USD\/ST$/, 'USD/short ton'],
  [/per Million Metric British Thermal Unit$/, 'USD/MMBtu'],
];

describe('the unit of the target’s prices', () => {
  it('is, for every series of data/fred with a price unit, the one its publisher states', async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'data', 'fred', 'MANIFEST.json'), 'utf8')) as {
      series_id: string;
      units: string;
      title: string;
    }[];
    let checked = 0;
    for (const series of manifest) {
      const stated =
        series.units === 'Dollars per Barrel'
          ? 'USD/bbl'
          : STATED.find(([pattern]) => pattern.test(series.title))?.[1];
      // percent yields and the dollar index are not prices: no unit is claimed for them
      expect(FRED_PRICE_UNITS[series.series_id], series.series_id).toBe(stated);
      if (stated !== undefined) checked++;
    }
    expect(checked).toBe(22);
  });

  it('is the configured one first, then a FRED series’ own, and none for the user’s tables', () => {
    const fred = sourceConfigSchema.parse({});
    expect(priceUnitOf(fred)).toBe('USD/t'); // PSOILUSDM, the default target
    expect(priceUnitOf({ ...fred, target: 'DGS10' })).toBeNull();
    const tables = sourceConfigSchema.parse({ kind: 'tables', dir: '/data/cbi-v14' });
    expect(priceUnitOf(tables)).toBeNull();
    const cbi = sourceConfigSchema.parse({ kind: 'tables', dir: '/data/cbi-v14', priceUnit: ' US¢/lb ' });
    expect(priceUnitOf(cbi)).toBe('US¢/lb');
  });

  it('is the target’s declared unit when no display unit is set: one setting serves the crush and the axes', () => {
    const cbi = sourceConfigSchema.parse({ kind: 'tables', dir: '/data/cbi-v14', units: { target: 'cents/lb' } });
    expect(priceUnitOf(cbi)).toBe('US¢/lb');
    const beans = sourceConfigSchema.parse({ target: 'PSOYBUSDM', units: { target: 'USD/bu' } });
    expect(priceUnitOf(beans)).toBe('USD/bu'); // declared beats the series' own USD/t
    expect(priceUnitOf({ ...beans, priceUnit: 'USD per bushel' })).toBe('USD per bushel');
  });

  it('rejects an empty or overlong setting', () => {
    expect(sourceConfigSchema.safeParse({ priceUnit: '  ' }).success).toBe(false);
    expect(sourceConfigSchema.safeParse({ priceUnit: 'x'.repeat(25) }).success).toBe(false);
  });
});

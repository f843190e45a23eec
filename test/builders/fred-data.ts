import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SeriesFacts } from '../../src/testing/contracts/series-source.contract.js';

/** `<repo>/data/fred`: the real FRED series (provenance in its README and MANIFEST.json). */
export const FRED_DIR = fileURLToPath(new URL('../../data/fred/', import.meta.url));

/**
 * The observations of one real series as date -> value, read independently of the parser under
 * test; a date without a value (an empty or `.` cell) is left out.
 */
export async function fredValues(id: string): Promise<Map<string, number>> {
  const text = await readFile(`${FRED_DIR}${id}.csv`, 'utf8');
  const values = new Map<string, number>();
  for (const line of text.trim().split('\n').slice(1)) {
    const [date, value] = line.split(',');
    if (date !== undefined && value !== undefined && value.trim() !== '' && value.trim() !== '.')
      values.set(date, Number(value));
  }
  return values;
}

/** What one real series file holds, counted from its lines (not by the parser under test). */
export async function fredFacts(id: string, dir = FRED_DIR): Promise<SeriesFacts> {
  const content = await readFile(join(dir, `${id}.csv`));
  const lines = content.toString('utf8').trim().split('\n').slice(1);
  const value = (line: string): string => (line.split(',')[1] ?? '').trim();
  return {
    id,
    rows: lines.length,
    nonEmpty: lines.filter((line) => value(line) !== '' && value(line) !== '.').length,
    firstDate: lines[0]?.split(',')[0] ?? '',
    lastDate: lines.at(-1)?.split(',')[0] ?? '',
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}

const manifestSchema = z.array(z.object({ series_id: z.string(), frequency: z.string() }));

/** The ids of the monthly series in data/fred, in the order of its MANIFEST.json (the target first). */
export async function monthlyFredIds(): Promise<readonly string[]> {
  const manifest = manifestSchema.parse(JSON.parse(await readFile(join(FRED_DIR, 'MANIFEST.json'), 'utf8')));
  return manifest.filter((entry) => entry.frequency === 'monthly').map((entry) => entry.series_id);
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

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

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParsedFileMemo } from '../../../src/adapters/fs/parsed-file-memo.js';
import { parseRunRecord } from '../../../src/adapters/fs/run-record-schema.js';
import { tempHome } from '../../support/temp-home.js';

const RECORD = join(import.meta.dirname, '../../fixtures/run-records/fred-1m-night-schema-2.json');

describe('the parsed-file memo (start-up of the hourly commands)', () => {
  let dir: { home: string; dispose(): Promise<void> };
  let parses: number;
  const counted = (json: unknown) => {
    parses += 1;
    return parseRunRecord(json);
  };
  beforeEach(async () => {
    dir = await tempHome('cbi-memo-');
    parses = 0;
  });
  afterEach(() => dir.dispose());

  it('parses a text once: the next process reads what the schema made of it, the same record', async () => {
    const text = await readFile(RECORD, 'utf8');
    const first = await new ParsedFileMemo(dir.home).parse('run', text, counted);
    const second = await new ParsedFileMemo(dir.home).parse('run', text, counted);
    expect(parses).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual(parseRunRecord(JSON.parse(text)));
  });

  it('parses again when the text changed by one character, and when its entry is damaged', async () => {
    const text = await readFile(RECORD, 'utf8');
    const memo = new ParsedFileMemo(dir.home);
    await memo.parse('run', text, counted);
    const changed = text.replace('"succeeded"', '"failed"   ');
    const other = await memo.parse('run', changed, counted);
    expect(parses).toBe(2);
    expect(other.stages.some((s) => s.status === 'failed')).toBe(true);
    for (const name of await readdir(dir.home)) await writeFile(join(dir.home, name), '{"build":');
    await memo.parse('run', text, counted);
    expect(parses).toBe(3);
  });

  it('never keeps what the schema refused: a bad record is refused on every read', async () => {
    const text = (await readFile(RECORD, 'utf8')).replace('"run_id"', '"run_idx"');
    const memo = new ParsedFileMemo(dir.home);
    await expect(memo.parse('run', text, counted)).rejects.toThrow();
    await expect(memo.parse('run', text, counted)).rejects.toThrow();
    expect(parses).toBe(2);
    expect(await readdir(dir.home)).toEqual([]);
  });

  it('tells kinds apart: the same text read by another schema is parsed by it', async () => {
    const text = await readFile(RECORD, 'utf8');
    const memo = new ParsedFileMemo(dir.home);
    await memo.parse('run', text, counted);
    const keys = await memo.parse('keys', text, (json) => Object.keys(json as object).length);
    expect(keys).toBeGreaterThan(5);
    expect(parses).toBe(1);
  });

  it('keeps at most 200 entries, the oldest going first', async () => {
    const memo = new ParsedFileMemo(dir.home);
    for (let i = 0; i < 205; i += 1) await memo.parse('n', String(i), (json) => json);
    const names = await readdir(dir.home);
    expect(names.filter((n) => n.endsWith('.json'))).toHaveLength(200);
    // no temporary left behind (writeFileAtomic's are hidden siblings: `.<name>.tmp-…`)
    expect(names.filter((n) => n.startsWith('.') || n.includes('.tmp'))).toEqual([]);
  });
});

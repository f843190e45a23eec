import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinoLogger } from '../../../src/adapters/pino/pino-logger.js';
import { PinoRunLogs } from '../../../src/adapters/pino/pino-run-logs.js';
import { tempHome } from '../../support/temp-home.js';

describe('PinoLogger', () => {
  let home: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ home, dispose } = await tempHome());
  });
  afterEach(() => dispose());

  const lines = async (file: string): Promise<Record<string, unknown>[]> =>
    (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes one JSON line per event with level, time with offset and the child bindings', async () => {
    const file = join(home, 'Logs/nightly/nightly_pipeline_x.log');
    const logger = PinoLogger.create({ level: 'info', file, stdout: false });
    logger.child({ runId: 'x', stage: 'export' }).info('stage started', { attempt: 1 });
    logger.debug('not written at info');
    const [event, ...rest] = await lines(file);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      level: 'info',
      msg: 'stage started',
      runId: 'x',
      stage: 'export',
      attempt: 1,
    });
    expect(String(event?.['time'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  });

  it('never writes credentials: secret-named fields and passwords or tokens inside URLs are redacted', async () => {
    const file = join(home, 'log.jsonl');
    const logger = PinoLogger.create({ level: 'info', file, stdout: false });
    logger.info('alert configured', {
      smtp: { host: 'smtp.example.org', user: 'ops', password: 'hunter2' },
      webhookUrl: 'https://hooks.example.org/services/T000?token=abc123secret',
      database: 'postgres://admin:pa55word@db.internal/cbi',
      apiKey: 'AKIA-SECRET',
      headers: { Authorization: 'Bearer eyJhbGciOi' },
      note: 'nothing secret here',
    });
    logger
      .child({ clientSecret: 'child-binding-secret' })
      .warn('retry', { error: new Error('login to https://u:p4ss@x.org failed') });
    const text = await readFile(file, 'utf8');
    for (const secret of [
      'hunter2',
      'abc123secret',
      'pa55word',
      'AKIA-SECRET',
      'eyJhbGciOi',
      'child-binding-secret',
      'p4ss',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('nothing secret here');
    expect(text).toContain('smtp.example.org');
    expect(text).toContain('[redacted]');
  });
});

describe('PinoRunLogs', () => {
  let home: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ home, dispose } = await tempHome());
  });
  afterEach(() => dispose());

  it('writes a line per event for people, the same events as JSON lines beside it, and ends with the verdict', async () => {
    const logs = new PinoRunLogs({ home, level: 'info', stdout: false });
    const log = await logs.open('20261128_235900');
    expect(log.key).toBe('Logs/nightly/nightly_pipeline_20261128_235900.log');
    log
      .child({ runId: '20261128_235900', stage: 'train_1m' })
      .info('model trained', { library: 'lightgbm', mape: 3.2 });
    log.warn('slow disk', { note: 'two words' });
    await log.close({
      marker: 'COMPLETED SUCCESSFULLY',
      level: 'info',
      message: 'NIGHTLY PIPELINE COMPLETED SUCCESSFULLY',
    });
    log.info('dropped after close');
    const text = (await readFile(join(home, log.key), 'utf8')).trimEnd().split('\n');
    expect(text).toHaveLength(3);
    expect(text[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] \[INFO\] \[train_1m\] model trained library=lightgbm mape=3\.2$/,
    );
    expect(text[1]).toMatch(/\] \[WARN\] slow disk note="two words"$/);
    expect(text[2]).toMatch(/\] \[SUCCESS\] NIGHTLY PIPELINE COMPLETED SUCCESSFULLY$/);
    const events = (await readFile(join(home, 'Logs/nightly/nightly_pipeline_20261128_235900.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => e['msg'])).toEqual([
      'model trained',
      'slow disk',
      'NIGHTLY PIPELINE COMPLETED SUCCESSFULLY',
    ]);
    expect(events[2]).toMatchObject({ level: 'info', verdict: 'COMPLETED SUCCESSFULLY' });
  });
});

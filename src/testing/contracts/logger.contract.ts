import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../ports/logger.port.js';
import { contractTitle, skippedBecause } from './contract-title.js';

/** One event as the logger's reader sees it. */
export interface LoggedEvent {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  /** The event's fields and its bindings, as written (after any redaction). */
  readonly fields: LogFields;
}

export interface LoggerSubject {
  /** A logger that writes every level, debug too. */
  readonly logger: Logger;
  /** What it has written so far, in order. */
  events(): Promise<readonly LoggedEvent[]>;
  dispose(): Promise<void>;
}

export interface LoggerContractOptions {
  readonly skip?: string | undefined;
  /** Why this logger keeps credentials as they were given (a fake that shows tests everything). */
  readonly keepsSecrets?: string | undefined;
}

/**
 * What every Logger guarantees: each event written with its level, message and fields, a
 * child's bindings on its events (and a grandchild's on its), and credentials redacted before
 * anything is written.
 */
export function loggerContract(
  name: string,
  create: () => Promise<LoggerSubject>,
  options: LoggerContractOptions = {},
): void {
  const { skip, keepsSecrets } = options;
  describe.skipIf(skip !== undefined)(contractTitle('Logger', name, skip), () => {
    let subject: LoggerSubject;
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(async () => subject.dispose());

    it('writes each event with its level, message and fields, in order', async () => {
      subject.logger.debug('export planned', { horizons: ['1m', '3m'] });
      subject.logger.info('stage started', { stage: 'export', attempt: 1 });
      subject.logger.warn('stage attempt failed; retrying', { delayMs: 2_000 });
      subject.logger.error('run failed', { code: 'WAREHOUSE_UNAVAILABLE' });
      const events = await subject.events();
      expect(events.map((e) => [e.level, e.message])).toEqual([
        ['debug', 'export planned'],
        ['info', 'stage started'],
        ['warn', 'stage attempt failed; retrying'],
        ['error', 'run failed'],
      ]);
      expect(events[0]?.fields).toMatchObject({ horizons: ['1m', '3m'] });
      expect(events[1]?.fields).toMatchObject({ stage: 'export', attempt: 1 });
      expect(events[2]?.fields).toMatchObject({ delayMs: 2_000 });
      expect(events[3]?.fields).toMatchObject({ code: 'WAREHOUSE_UNAVAILABLE' });
    });

    it("puts a child's bindings on its events, a grandchild's too, and none on the parent's", async () => {
      const run = subject.logger.child({ runId: '20261129_235900' });
      run.child({ stage: 'train_1m' }).info('fold trained', { fold: 3 });
      run.info('run started');
      subject.logger.info('watchdog idle');
      const events = await subject.events();
      expect(events.map((e) => e.message)).toEqual(['fold trained', 'run started', 'watchdog idle']);
      expect(events[0]?.fields).toMatchObject({ runId: '20261129_235900', stage: 'train_1m', fold: 3 });
      expect(events[1]?.fields).toMatchObject({ runId: '20261129_235900' });
      expect(events[1]?.fields).not.toHaveProperty('stage');
      expect(events[2]?.fields).not.toHaveProperty('runId');
    });

    it.skipIf(keepsSecrets !== undefined)(
      `writes no credential: fields named like secrets and passwords in URLs are redacted${skippedBecause(keepsSecrets)}`,
      async () => {
        subject.logger.child({ apiKey: 'AKIA-SECRET' }).info('alert configured', {
          smtp: { host: 'smtp.example.org', password: 'hunter2' },
          database: 'postgres://admin:pa55word@db.internal/cbi',
          note: 'nothing secret here',
        });
        const written = JSON.stringify(await subject.events());
        for (const secret of ['AKIA-SECRET', 'hunter2', 'pa55word']) expect(written).not.toContain(secret);
        expect(written).toContain('nothing secret here');
        expect(written).toContain('smtp.example.org');
      },
    );
  });
}

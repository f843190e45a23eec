import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertDeliveryError } from '../../domain/errors.js';
import { ALERT_KINDS, type Alert, type AlertKind } from '../../domain/watchdog/alert.js';
import { runAlert } from '../../domain/watchdog/alert-message.js';
import type { Alerter } from '../../ports/alerter.port.js';
import { finishedRun } from './run-records.js';
import { contractTitle, skippedBecause } from './contract-title.js';

export interface AlerterSubject {
  /** An alerter wired to a channel that works, configured for `accepted`. */
  readonly alerter: Alerter;
  /** The kinds it was configured to accept (every kind for an alerter without `accepts`). */
  readonly accepted: readonly AlertKind[];
  /**
   * What the channel has received so far, one text per delivery as a person or a machine gets it
   * (a mail, a request body, a log event); undefined where it cannot be read back (a desktop
   * notification), and then a send that resolves counts as delivered.
   */
  received: (() => Promise<readonly string[]>) | undefined;
  /** The same kind of alerter aimed at a channel that is down (a closed port, a refused login). */
  readonly unreachable: Alerter | undefined;
  /** Credentials and other secrets of its settings, which no error may show. */
  readonly secrets: readonly string[];
  dispose(): Promise<void>;
}

export interface AlerterContractOptions {
  /** Why the whole suite cannot run here. */
  readonly skip?: string | undefined;
  /** Why this alerter has no channel that can be down (the log), so the failure test is skipped. */
  readonly cannotFail?: string | undefined;
}

const ORIGIN = { now: new Date('2026-11-29T07:00:00.000Z'), host: 'mac-mini', home: '/Users/zl' };

/** An alert of each kind, worded as the app words them. */
export function sampleAlert(kind: AlertKind): Alert {
  const failed = finishedRun('20261128_235900', 'failed', 'export');
  switch (kind) {
    case 'run_started':
    case 'run_failed':
      return runAlert(kind, failed, ORIGIN);
    case 'run_succeeded':
      return runAlert(kind, finishedRun('20261128_235900'), ORIGIN);
    default: {
      const alert = runAlert('run_failed', failed, ORIGIN);
      return { ...alert, kind, subject: `cbi-autopilot on mac-mini: ${kind.replace('_', ' ')} (test)` };
    }
  }
}

/**
 * What every Alerter guarantees: a name, `accepts` matching its configuration, each accepted
 * alert delivered with its subject, and a channel that is down failing with AlertDeliveryError
 * that shows none of its secrets.
 */
export function alerterContract(
  name: string,
  create: () => Promise<AlerterSubject>,
  options: AlerterContractOptions = {},
): void {
  const { skip, cannotFail } = options;
  describe.skipIf(skip !== undefined)(contractTitle('Alerter', name, skip), () => {
    let subject: AlerterSubject;
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(async () => subject.dispose());

    it('has a short name for the logs', () => {
      expect(subject.alerter.name).toMatch(/^[a-z][a-z-]*$/);
    });

    it('accepts the kinds it was configured for, and only those', () => {
      const accepts = (kind: AlertKind): boolean => subject.alerter.accepts?.(kind) ?? true;
      expect(ALERT_KINDS.filter(accepts)).toEqual(ALERT_KINDS.filter((k) => subject.accepted.includes(k)));
    });

    it('delivers each alert it accepts, once, with its subject', async () => {
      const kinds = ALERT_KINDS.filter((k) => subject.accepted.includes(k));
      expect(kinds.length).toBeGreaterThan(0);
      const before = (await subject.received?.())?.length ?? 0;
      for (const kind of kinds) {
        const alert = sampleAlert(kind);
        await subject.alerter.send(alert);
        const received = await subject.received?.();
        if (received === undefined) continue;
        expect(received).toHaveLength(before + kinds.indexOf(kind) + 1);
        expect(received.at(-1)).toContain(alert.subject);
      }
    });

    it.skipIf(cannotFail !== undefined)(
      `fails with AlertDeliveryError when its channel is down, showing none of its secrets${skippedBecause(cannotFail)}`,
      async () => {
        const down = subject.unreachable;
        expect(down).toBeDefined();
        const kind = subject.accepted[0] ?? 'run_failed';
        const failure: unknown = await down?.send(sampleAlert(kind)).then(
          () => new Error('the alert was sent'),
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(AlertDeliveryError);
        const shown = `${failure instanceof Error ? failure.message : ''} ${JSON.stringify(failure)}`;
        for (const secret of subject.secrets) expect(shown).not.toContain(secret);
      },
    );
  });
}

import { describe, expect, it } from 'vitest';
import { AlertingRunObserver } from '../../../src/app/alerting-run-observer.js';
import { FakeAlerter } from '../../../src/testing/fake-alerter.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { FakeLogger } from '../../../src/testing/fake-logger.js';
import { playedRun } from '../../support/watchdog-harness.js';

describe('AlertingRunObserver', () => {
  it.each([
    { state: 'success' as const, end: 'run_succeeded' },
    { state: 'partial' as const, end: 'run_succeeded' },
    { state: 'failed' as const, end: 'run_failed' },
    { state: 'interrupted' as const, end: 'run_failed' },
  ])('pings start, then $end for a $state run', async ({ state, end }) => {
    const pinger = new FakeAlerter('healthchecks', ['run_started', 'run_succeeded', 'run_failed']);
    const pager = new FakeAlerter('smtp', ['incident_opened']);
    const observer = new AlertingRunObserver({
      alerters: [pinger, pager],
      logger: new FakeLogger(),
      clock: new FakeClock('2026-01-06T00:00:00Z'),
      host: 'h',
      home: '/home/zl',
    });
    const start = new Date('2026-01-05T23:59:00Z');
    observer.onRunStart(playedRun(start, 'running'));
    observer.onRunEnd(playedRun(start, state));
    await observer.flush();
    expect(pinger.kindsSent()).toEqual(['run_started', end]);
    expect(pager.sent).toEqual([]);
  });
});

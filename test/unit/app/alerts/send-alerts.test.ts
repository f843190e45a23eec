import { describe, expect, it } from 'vitest';
import { sendAlerts } from '../../../../src/app/alerts/send-alerts.js';
import { runAlert } from '../../../../src/domain/watchdog/alert-message.js';
import { FakeAlerter } from '../../../../src/testing/fake-alerter.js';
import { FakeLogger } from '../../../../src/testing/fake-logger.js';
import { playedRun } from '../../../support/watchdog-harness.js';

const alert = runAlert('run_failed', playedRun(new Date('2026-01-05T23:59:00Z'), 'failed'), {
  now: new Date('2026-01-06T00:30:00Z'),
  host: 'h',
  home: '/home/zl',
});

describe('sendAlerts', () => {
  it('delivers to every channel even when one fails, and logs the failure', async () => {
    const logger = new FakeLogger();
    const first = new FakeAlerter('first');
    const broken = new FakeAlerter('broken');
    broken.failing = 'timeout';
    const last = new FakeAlerter('last');
    const deliveries = await sendAlerts({ alerters: [first, broken, last], logger }, alert);
    expect(deliveries.map((d) => `${d.channel}:${d.outcome}`)).toEqual([
      'first:delivered',
      'broken:failed',
      'last:delivered',
    ]);
    expect(first.sent).toHaveLength(1);
    expect(last.sent).toHaveLength(1);
    expect(logger.entries.find((e) => e.level === 'error')?.fields).toMatchObject({
      channel: 'broken',
      code: 'ALERT_UNDELIVERED',
    });
  });

  it('skips channels that do not want the kind', async () => {
    const pager = new FakeAlerter('pager', ['incident_opened']);
    const deliveries = await sendAlerts({ alerters: [pager], logger: new FakeLogger() }, alert);
    expect(deliveries).toEqual([{ channel: 'pager', outcome: 'skipped', error: null }]);
    expect(pager.sent).toEqual([]);
  });
});

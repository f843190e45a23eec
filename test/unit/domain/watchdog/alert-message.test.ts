import { describe, expect, it } from 'vitest';
import { incidentAlert, runAlert } from '../../../../src/domain/watchdog/alert-message.js';
import { evaluateHealth } from '../../../../src/domain/watchdog/health.js';
import { runRecord } from '../../../../src/testing/contracts/run-records.js';

const origin = { now: new Date('2026-01-12T03:00:00Z'), host: 'mac-mini', home: '/Users/zl/' };
const ok = runRecord('20260110_235900', 'success', '2026-01-10T23:59:00Z');
const fail1 = runRecord('20260111_235900', 'failed', '2026-01-11T23:59:00Z', {
  failedStage: 'export',
  error: 'warehouse unreachable',
});
const fail2 = runRecord('20260112_010000', 'failed', '2026-01-12T01:00:00Z', {
  failedStage: 'train_1m',
  error: 'booster crashed',
});
const health = evaluateHealth(
  { now: origin.now, status: { ok: true, run: fail2 }, history: [ok, fail1, fail2], lock: undefined },
  { schedule: { timeZone: 'UTC', time: '23:59' }, graceMinutes: 90, maxAgeHours: 26, failuresForIncident: 2 },
);

describe('incidentAlert', () => {
  it('says what failed, since when, the stage and error, the last success, the logs and what to do', () => {
    const alert = incidentAlert('incident_opened', health, 2, origin);
    expect(alert.subject).toBe(
      `cbi-autopilot on mac-mini: nightly run failing since ${fail1.started_at} (2 failed runs)`,
    );
    expect(alert.body).toContain('Failed stage: train_1m');
    expect(alert.body).toContain('Error: booster crashed');
    expect(alert.body).toContain(`Last success: ${ok.ended_at ?? ''}`);
    expect(alert.logPaths).toEqual([
      '/Users/zl/Logs/nightly/nightly_pipeline_20260112_010000.log',
      '/Users/zl/Logs/nightly/last_run_status.json',
      '/Users/zl/Logs/nightly/watchdog.log',
      '/Users/zl/Logs/nightly/daemon_stderr.log',
    ]);
    expect(alert.body).toContain('What to do: read the run log');
    expect(alert).toMatchObject({
      kind: 'incident_opened',
      failedStage: 'train_1m',
      since: fail1.started_at,
      host: 'mac-mini',
    });
  });

  it.each([
    { kind: 'incident_reminder' as const, subject: /still failing/ },
    { kind: 'recovered' as const, subject: /recovered/ },
  ])('words a $kind', ({ kind, subject }) => {
    expect(incidentAlert(kind, health, 4, origin).subject).toMatch(subject);
  });
});

describe('runAlert', () => {
  it.each([
    {
      kind: 'run_started' as const,
      run: fail2,
      subject: 'cbi-autopilot on mac-mini: run 20260112_010000 started',
    },
    {
      kind: 'run_failed' as const,
      run: fail2,
      subject: 'cbi-autopilot on mac-mini: run 20260112_010000 failed',
    },
    {
      kind: 'run_succeeded' as const,
      run: ok,
      subject: 'cbi-autopilot on mac-mini: run 20260110_235900 succeeded',
    },
  ])('words a $kind', ({ kind, run, subject }) => {
    expect(runAlert(kind, run, origin).subject).toBe(subject);
  });
});

import { describe, expect, it } from 'vitest';
import { LogAlerter } from '../../../src/adapters/alert/log-alerter.js';
import { ArtifactIoError } from '../../../src/domain/errors.js';
import type { Alert } from '../../../src/domain/watchdog/alert.js';
import { pythonLocalIso } from '../../../src/domain/iso-time.js';
import { FakeLogger } from '../../../src/testing/fake-logger.js';

const alert: Alert = {
  kind: 'incident_opened',
  subject: 'cbi-autopilot on mac-m4: nightly run degraded, no current forecast (run 20261207_020000)',
  body: 'The nightly run 20261207_020000 ran, but delivered less than the config expects.\nWhat to do: refresh the source.',
  at: '2026-12-07T08:00:00.000Z',
  host: 'mac-m4',
  runId: '20261207_020000',
  failedStage: 'predict',
  error: null,
  since: null,
  lastSuccess: null,
  logPaths: [],
  action: null,
};

describe('LogAlerter', () => {
  it("writes an incident into watchdog.log in the seed's format, between two rules", async () => {
    const written: string[] = [];
    await new LogAlerter(new FakeLogger(), async (text) => void written.push(text)).send(alert);
    const time = pythonLocalIso(new Date(alert.at)).slice(0, 19).replace('T', ' ');
    expect(written[0]?.split('\n')).toEqual([
      `[${time}] [ERROR] ${'='.repeat(80)}`,
      `[${time}] [ERROR] 🚨 ALERT: ${alert.subject}`,
      `[${time}] [ERROR] The nightly run 20261207_020000 ran, but delivered less than the config expects.`,
      `[${time}] [ERROR] What to do: refresh the source.`,
      `[${time}] [ERROR] ${'='.repeat(80)}`,
    ]);
    expect(time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it("keeps the run's own start and success notices out of watchdog.log", async () => {
    const written: string[] = [];
    const alerter = new LogAlerter(new FakeLogger(), async (text) => void written.push(text));
    await alerter.send({ ...alert, kind: 'run_started' });
    await alerter.send({ ...alert, kind: 'run_succeeded' });
    expect(written).toEqual([]);
  });

  it('still alerts through the log when the home cannot be written', async () => {
    const logger = new FakeLogger();
    const alerter = new LogAlerter(logger, async () => {
      throw new ArtifactIoError('cannot append to watchdog.log: read-only file system');
    });
    await expect(alerter.send(alert)).resolves.toBeUndefined();
    expect(logger.entries.find((e) => e.message === 'alert')?.level).toBe('error');
    expect(logger.entries.find((e) => e.message === 'alert not written to watchdog.log')).toBeDefined();
  });
});

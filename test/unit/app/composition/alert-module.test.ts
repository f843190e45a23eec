import { describe, expect, it } from 'vitest';
import { createContainer } from '../../../../src/app/composition/container.js';
import { loadConfig } from '../../../../src/app/config/load-config.js';
import { ALERT_KINDS } from '../../../../src/domain/watchdog/alert.js';
import { ALERTERS } from '../../../../src/ports/alerter.port.js';
import { FakeLogger } from '../../../../src/testing/fake-logger.js';

describe('alertModule', () => {
  it('routes each channel only the kinds its config names', async () => {
    const config = await loadConfig({
      home: '/nonexistent/cbi-home',
      env: {},
      overrides: {
        alert: {
          channels: [
            { kind: 'log', on: ['incident_opened', 'recovered'] },
            { kind: 'desktop', on: ['incident_opened'] },
          ],
        },
      },
    });
    const container = await createContainer(config, { logger: new FakeLogger() });
    const [log, desktop] = await container.getAsync(ALERTERS);
    const accepted = (alerter: typeof log) => ALERT_KINDS.filter((k) => alerter?.accepts?.(k) ?? true);
    expect(log?.name).toBe('log');
    expect(accepted(log)).toEqual(['incident_opened', 'recovered']);
    // the desktop channel adds its own condition: nothing off macOS
    expect(accepted(desktop)).toEqual(process.platform === 'darwin' ? ['incident_opened'] : []);
  });
});

import { describe, expect, it } from 'vitest';
import { alertConfigSchema } from '../../../../src/app/config/alert-config.js';
import { ALERT_KINDS } from '../../../../src/domain/watchdog/alert.js';

const INCIDENTS_AND_REPAIRS = ['incident_opened', 'incident_reminder', 'recovered', 'repaired'];

describe('the alert channels’ default `on` lists (docs/watchdog.md, "Alerts")', () => {
  it('by default: the log gets every kind, the desktop the incidents and repairs', () => {
    expect(alertConfigSchema.parse({}).channels).toEqual([
      { kind: 'log', on: [...ALERT_KINDS] },
      { kind: 'desktop', on: INCIDENTS_AND_REPAIRS },
    ]);
  });

  it('a channel to a person gets the incidents and repairs; the dead-man’s switch every kind, repairs as /log', () => {
    const { channels } = alertConfigSchema.parse({
      channels: [
        { kind: 'smtp', host: 'mail.example', from: 'cbi@example.org', to: ['me@example.org'] },
        { kind: 'webhook', url: 'https://hooks.example/h' },
        { kind: 'healthchecks', url: 'https://hc-ping.com/0f4e' },
      ],
    });
    expect(channels.map((c) => [c.kind, c.on])).toEqual([
      ['smtp', INCIDENTS_AND_REPAIRS],
      ['webhook', INCIDENTS_AND_REPAIRS],
      ['healthchecks', [...ALERT_KINDS]],
    ]);
  });
});

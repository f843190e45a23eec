import { spawnSync } from 'node:child_process';
import { DesktopAlerter } from '../../src/adapters/alert/desktop-alerter.js';
import { HealthchecksAlerter } from '../../src/adapters/alert/healthchecks-alerter.js';
import { SmtpAlerter } from '../../src/adapters/alert/smtp-alerter.js';
import { WebhookAlerter } from '../../src/adapters/alert/webhook-alerter.js';
import { ALERT_KINDS } from '../../src/domain/watchdog/alert.js';
import { alerterContract } from '../../src/testing/contracts/alerter.contract.js';
import { closedPort, httpRecorder, readableMail, smtpServer } from '../support/alert-servers.js';

const TOKEN = 'XyZsecretToken42';
const UUID = '5d2c1f7e-secret-uuid';
const PASSWORD = 'pw-7f3a9c-secret';

alerterContract('webhook (a server on 127.0.0.1)', async () => {
  const server = await httpRecorder();
  const url = (port: number) => new URL(`http://127.0.0.1:${port}/services/T0001/B0002/${TOKEN}`);
  return {
    alerter: new WebhookAlerter({ url: url(server.port), timeoutMs: 5_000 }),
    accepted: ALERT_KINDS,
    received: async () => server.hits.map((h) => h.body),
    unreachable: new WebhookAlerter({ url: url(await closedPort()), timeoutMs: 5_000 }),
    secrets: [TOKEN],
    dispose: () => server.close(),
  };
});

alerterContract('healthchecks (a server on 127.0.0.1)', async () => {
  const server = await httpRecorder();
  const url = (port: number) => new URL(`http://127.0.0.1:${port}/ping/${UUID}`);
  return {
    alerter: new HealthchecksAlerter({ url: url(server.port), timeoutMs: 5_000 }),
    accepted: ALERT_KINDS,
    received: async () => server.hits.map((h) => h.body),
    unreachable: new HealthchecksAlerter({ url: url(await closedPort()), timeoutMs: 5_000 }),
    secrets: [UUID],
    dispose: () => server.close(),
  };
});

alerterContract('smtp (a server on 127.0.0.1)', async () => {
  const server = await smtpServer({ user: 'cbi', password: PASSWORD });
  const smtp = (pass: string) =>
    new SmtpAlerter({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      auth: { user: 'cbi', pass },
      from: 'cbi@mac-mini.local',
      to: ['ops@example.org'],
      timeoutMs: 5_000,
    });
  return {
    alerter: smtp(PASSWORD),
    accepted: ALERT_KINDS,
    received: async () => server.mails.map((m) => readableMail(m.raw)),
    // the server refuses this login: the channel is down for this alerter
    unreachable: smtp(`${PASSWORD}-wrong`),
    secrets: [PASSWORD],
    dispose: () => server.close(),
  };
});

const osascript = spawnSync('osascript', ['-e', 'return 1']).status === 0;
alerterContract(
  'desktop (osascript)',
  async () => ({
    alerter: new DesktopAlerter({ platform: process.platform }),
    accepted: ALERT_KINDS,
    received: undefined, // a notification cannot be read back
    unreachable: undefined,
    secrets: [],
    dispose: async () => undefined,
  }),
  {
    skip: osascript ? undefined : `no osascript on ${process.platform}: notifications need macOS`,
    cannotFail: 'a desktop notification has no channel that can be taken down',
  },
);

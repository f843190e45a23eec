import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HealthchecksAlerter } from '../../src/adapters/alert/healthchecks-alerter.js';
import { SmtpAlerter } from '../../src/adapters/alert/smtp-alerter.js';
import { WebhookAlerter } from '../../src/adapters/alert/webhook-alerter.js';
import { sendAlerts } from '../../src/app/alerts/send-alerts.js';
import { incidentAlert, runAlert } from '../../src/domain/watchdog/alert-message.js';
import { AlertDeliveryError } from '../../src/domain/errors.js';
import { evaluateHealth } from '../../src/domain/watchdog/health.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import {
  closedPort,
  httpRecorder,
  readableMail,
  smtpServer,
  type Hit,
  type Mail,
} from '../support/alert-servers.js';
import { playedRun } from '../support/watchdog-harness.js';

const PASSWORD = 'pw-7f3a9c-secret';
const TOKEN_PATH = '/services/T0001/B0002/XyZsecretToken42';

const origin = { now: new Date('2026-01-06T03:00:00Z'), host: 'mac-mini', home: '/Users/zl' };
const ok = playedRun(new Date('2026-01-04T23:59:00Z'), 'success');
const fail1 = playedRun(new Date('2026-01-05T23:59:00Z'), 'failed');
const fail2 = playedRun(new Date('2026-01-06T01:00:00Z'), 'failed', 'watchdog');
const health = evaluateHealth(
  { now: origin.now, status: { ok: true, run: fail2 }, history: [ok, fail1, fail2], lock: undefined },
  { schedule: { timeZone: 'UTC', time: '23:59' }, graceMinutes: 90, maxAgeHours: 26, failuresForIncident: 2 },
);
const opened = incidentAlert('incident_opened', health, 2, origin);

describe('alerters against real servers on 127.0.0.1', () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let smtpPort: number;
  let http: Awaited<ReturnType<typeof httpRecorder>>;
  let httpPort: number;
  let deadPort: number;
  let mails: Mail[];
  let hits: Hit[];

  beforeAll(async () => {
    smtp = await smtpServer({ user: 'cbi', password: PASSWORD });
    smtpPort = smtp.port;
    mails = smtp.mails;
    http = await httpRecorder();
    httpPort = http.port;
    hits = http.hits;
    deadPort = await closedPort();
  });

  afterAll(async () => {
    await smtp.close();
    await http.close();
  });

  beforeEach(() => {
    mails.length = 0;
    hits.length = 0;
  });

  const smtpAlerter = (overrides: Partial<ConstructorParameters<typeof SmtpAlerter>[0]> = {}): SmtpAlerter =>
    new SmtpAlerter({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      auth: { user: 'cbi', pass: PASSWORD },
      from: 'cbi@mac-mini.local',
      to: ['ops@example.org', 'zl@example.org'],
      timeoutMs: 5_000,
      ...overrides,
    });

  it('SMTP: the server receives the email with the alert as subject and body', async () => {
    await smtpAlerter().send(opened);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail?.from).toBe('cbi@mac-mini.local');
    expect(mail?.to).toEqual(['ops@example.org', 'zl@example.org']);
    const text = readableMail(mail?.raw ?? '');
    expect(text).toContain(`Subject: ${opened.subject}`);
    expect(text).toContain('Failed stage: export');
    expect(text).toContain('Error: warehouse unreachable');
    expect(text).toContain(`Last success: ${ok.ended_at ?? ''}`);
    expect(text).toContain('/Users/zl/Logs/nightly/nightly_pipeline_20260106_010000.log');
    expect(text).toContain('What to do:');
  });

  it('SMTP: a refused login fails with AlertDeliveryError and never shows the password', async () => {
    const error: unknown = await smtpAlerter({ auth: { user: 'cbi', pass: `${PASSWORD}-wrong` } })
      .send(opened)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlertDeliveryError);
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(/^smtp 127\.0\.0\.1:\d+ did not take the alert/);
    expect(message).not.toContain(PASSWORD);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
    expect(error instanceof AlertDeliveryError && error.transient).toBe(false);
  });

  it('webhook: the server receives a Slack-compatible JSON payload', async () => {
    await new WebhookAlerter({
      url: new URL(`http://127.0.0.1:${httpPort}${TOKEN_PATH}`),
      timeoutMs: 5_000,
    }).send(opened);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ method: 'POST', url: TOKEN_PATH, contentType: 'application/json' });
    const payload: unknown = JSON.parse(hits[0]?.body ?? '{}');
    expect(payload).toMatchObject({
      text: `*${opened.subject}*\n${opened.body}`,
      cbi: { kind: 'incident_opened', host: 'mac-mini', failedStage: 'export', since: fail1.started_at },
    });
  });

  it('webhook: a 500 answer is a transient failure that names only the host', async () => {
    const error: unknown = await new WebhookAlerter({
      url: new URL(`http://127.0.0.1:${httpPort}/broken${TOKEN_PATH}`),
      timeoutMs: 5_000,
    })
      .send(opened)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlertDeliveryError);
    expect(error instanceof AlertDeliveryError ? [error.message, error.transient] : []).toEqual([
      `webhook 127.0.0.1:${httpPort} answered 500`,
      true,
    ]);
  });

  it('healthchecks: pings /start on run start, the bare URL on success and /fail on failure', async () => {
    const alerter = new HealthchecksAlerter({
      url: new URL(`http://127.0.0.1:${httpPort}/ping/abc-uuid`),
      timeoutMs: 5_000,
    });
    await alerter.send(runAlert('run_started', fail2, origin));
    await alerter.send(runAlert('run_succeeded', ok, origin));
    await alerter.send(runAlert('run_failed', fail2, origin));
    await alerter.send(opened);
    expect(hits.map((h) => `${h.method} ${h.url}`)).toEqual([
      'POST /ping/abc-uuid/start',
      'POST /ping/abc-uuid',
      'POST /ping/abc-uuid/fail',
      'POST /ping/abc-uuid/fail',
    ]);
    expect(hits[2]?.body).toContain('Failed stage: export');
  });

  it('a server that is down fails its alerter with a logged error while the others still deliver', async () => {
    const logger = new FakeLogger();
    const down = new WebhookAlerter({
      url: new URL(`http://127.0.0.1:${deadPort}${TOKEN_PATH}`),
      timeoutMs: 3_000,
    });
    const healthchecks = new HealthchecksAlerter({
      url: new URL(`http://127.0.0.1:${httpPort}/ping/abc-uuid`),
      timeoutMs: 5_000,
    });
    const smtpDown = smtpAlerter({ port: deadPort });
    const deliveries = await sendAlerts(
      { alerters: [down, smtpAlerter(), smtpDown, healthchecks], logger },
      opened,
    );
    expect(deliveries.map((d) => `${d.channel}:${d.outcome}`)).toEqual([
      'webhook:failed',
      'smtp:delivered',
      'smtp:failed',
      'healthchecks:delivered',
    ]);
    expect(mails).toHaveLength(1);
    expect(hits.map((h) => h.url)).toEqual(['/ping/abc-uuid/fail']);
    const errors = logger.entries.filter((e) => e.level === 'error');
    expect(errors.map((e) => e.fields['channel'])).toEqual(['webhook', 'smtp']);
    expect(String(errors[0]?.fields['error'])).toBe(
      `webhook 127.0.0.1:${deadPort} unreachable (ECONNREFUSED)`,
    );
    const everything = JSON.stringify(logger.entries) + JSON.stringify(deliveries);
    expect(everything).not.toContain('XyZsecretToken42');
    expect(everything).not.toContain(PASSWORD);
  });
});

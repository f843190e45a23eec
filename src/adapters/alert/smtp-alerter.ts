import { createTransport } from 'nodemailer';
import type { Alert } from '../../domain/watchdog/alert.js';
import { AlertDeliveryError } from '../../domain/errors.js';
import type { Alerter } from '../../ports/alerter.port.js';
import { errnoCode } from '../shared/node-errors.js';
import { redactSecrets } from './redact-secrets.js';

export interface SmtpAlerterSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the start (465); otherwise STARTTLS when offered. */
  readonly secure: boolean;
  readonly auth?: { readonly user: string; readonly pass: string } | undefined;
  readonly from: string;
  readonly to: readonly string[];
  readonly timeoutMs: number;
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNECTION',
  'EDNS',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Email over SMTP (nodemailer). The password never reaches a log or an error. */
export class SmtpAlerter implements Alerter {
  readonly name = 'smtp';

  constructor(private readonly settings: SmtpAlerterSettings) {}

  async send(alert: Alert): Promise<void> {
    const { host, port, secure, auth, from, to, timeoutMs } = this.settings;
    const transport = createTransport({
      host,
      port,
      secure,
      ...(auth === undefined ? {} : { auth: { user: auth.user, pass: auth.pass } }),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      await transport.sendMail({ from, to: [...to], subject: alert.subject, text: alert.body });
    } catch (cause) {
      const code = errnoCode(cause);
      const raw = cause instanceof Error ? cause.message : String(cause);
      const message = redactSecrets(raw, [auth?.pass]);
      throw new AlertDeliveryError(`smtp ${host}:${port} did not take the alert: ${message}`, {
        transient: code === undefined || TRANSIENT_CODES.has(code),
        hint:
          code === 'EAUTH'
            ? 'check the SMTP user and password in the config'
            : 'check the SMTP host and port',
      });
    } finally {
      transport.close();
    }
  }
}

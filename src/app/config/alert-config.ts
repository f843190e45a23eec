import { z } from 'zod';
import { ALERT_KINDS } from '../../domain/watchdog/alert.js';

const alertKind = z.enum(ALERT_KINDS);
// what a person is told by default: incidents, and a repair a night made on its own (a corrupt
// embedded warehouse set aside and rebuilt)
const incidentKinds = ['incident_opened', 'incident_reminder', 'recovered', 'repaired'] as const;
const timeoutMs = z.number().int().positive().max(120_000).default(10_000);

const logChannel = z.object({
  kind: z.literal('log'),
  /** Which alerts this channel gets. */
  on: z.array(alertKind).default([...alertKind.options]),
});

const smtpChannel = z.object({
  kind: z.literal('smtp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535).default(587),
  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Keep this file private (chmod 600): the password is read from it. */
  auth: z.object({ user: z.string(), pass: z.string() }).optional(),
  from: z.string().min(3),
  to: z.array(z.string().min(3)).min(1),
  timeoutMs,
  on: z.array(alertKind).default([...incidentKinds]),
});

const webhookChannel = z.object({
  kind: z.literal('webhook'),
  /** Slack-compatible incoming webhook URL (its path is a secret and is never logged). */
  url: z.url(),
  timeoutMs,
  on: z.array(alertKind).default([...incidentKinds]),
});

const healthchecksChannel = z.object({
  kind: z.literal('healthchecks'),
  /** The check's ping URL (https://hc-ping.com/<uuid>); /start and /fail are appended. */
  url: z.url(),
  timeoutMs,
  // every kind: a repair is a /log ping, which the service shows and does not alert on
  on: z.array(alertKind).default([...alertKind.options]),
});

const desktopChannel = z.object({
  kind: z.literal('desktop'),
  on: z.array(alertKind).default([...incidentKinds]),
});

export const alertChannelSchema = z.discriminatedUnion('kind', [
  logChannel,
  smtpChannel,
  webhookChannel,
  healthchecksChannel,
  desktopChannel,
]);

/** Where alerts go. Several channels at once; one failing does not stop the others. Owned by the watchdog feature. */
export const alertConfigSchema = z
  .object({
    // by default a person hears of an incident somewhere: the log and watchdog.log (the seed's
    // format), and a desktop notification where the machine can show one (macOS; Linux with notify-send)
    channels: z.array(alertChannelSchema).default([
      { kind: 'log', on: [...alertKind.options] },
      { kind: 'desktop', on: [...incidentKinds] },
    ]),
  })
  .prefault({});

export type AlertConfig = z.infer<typeof alertConfigSchema>;
export type AlertChannelConfig = z.infer<typeof alertChannelSchema>;

import { z } from 'zod';
import { isKnownTimeZone } from '../../domain/watchdog/schedule.js';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24h)');

/** When the nightly run should happen and how the watchdog judges it. Owned by the watchdog feature. */
export const scheduleConfigSchema = z
  .object({
    /** IANA time zone of the schedule; the system's when absent. */
    timeZone: z.string().refine(isKnownTimeZone, 'an IANA time zone such as "America/Chicago"').optional(),
    /** Local time of the nightly run, HH:MM. */
    time: clockTime.default('23:59'),
    /** Several runs a day: every local time, HH:MM (replaces `time`). */
    times: z
      .array(clockTime)
      .min(1)
      .refine((times) => new Set(times).size === times.length, 'each time once')
      .optional(),
    /** Minutes after the slot before a run counts as missed. */
    graceMinutes: z.number().int().min(0).default(90),
    /** Minutes before the run that the machine is woken (pmset repeat wakeorpoweron). */
    wakeLeadMinutes: z.number().int().min(0).max(120).default(5),
  })
  .prefault({});

export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

import { z } from 'zod';

/** How the watchdog judges health and when it alerts. Owned by the watchdog feature. */
export const watchdogConfigSchema = z
  .object({
    /** Consecutive failed runs that open an incident (the seed used 2). */
    failuresForIncident: z.number().int().min(1).default(2),
    /** The seed's fallback rule: the last success may not be older than this. */
    maxAgeHours: z.number().positive().default(26),
    /** Reminders while an incident stays open: when the failures double, and never sooner than this. */
    reminderMinHours: z.number().min(0).default(12),
    /** Back-off of the watchdog's own starts: first wait, doubling per start, up to the cap. */
    retryBaseMinutes: z.number().int().min(0).default(60),
    retryMaxMinutes: z.number().int().min(0).default(480),
    /** After SIGTERM, how long a run past its deadline gets before SIGKILL. */
    stopGraceSeconds: z.number().int().min(0).default(30),
    /** How many runs of history the watchdog reads. */
    historyLimit: z.number().int().min(2).max(1000).default(50),
  })
  .prefault({});

export type WatchdogConfig = z.infer<typeof watchdogConfigSchema>;

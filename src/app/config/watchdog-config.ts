import { z } from 'zod';

/** How the watchdog judges health and when it alerts. Owned by the watchdog feature. */
export const watchdogConfigSchema = z
  .object({
    /** Consecutive failed runs that open an incident (the seed used 2). */
    failuresForIncident: z.number().int().min(1).default(2),
    /** The seed's fallback rule: the last success may not be older than this. */
    maxAgeHours: z.number().positive().default(26),
  })
  .prefault({});

export type WatchdogConfig = z.infer<typeof watchdogConfigSchema>;

import { z } from 'zod';

/** Where alerts go. Several channels at once; one failing does not stop the others. Owned by the watchdog feature. */
export const alertConfigSchema = z
  .object({
    channels: z.array(z.discriminatedUnion('kind', [z.object({ kind: z.literal('log') })])).default([{ kind: 'log' }]),
  })
  .prefault({});

export type AlertConfig = z.infer<typeof alertConfigSchema>;

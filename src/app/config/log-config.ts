import { z } from 'zod';

export const logConfigSchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type LogConfig = z.infer<typeof logConfigSchema>;

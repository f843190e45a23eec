import { z } from 'zod';

/** What a booster worker answers its parent, once per job (validated in the parent). */
export const boosterReplySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    version: z.string(),
    /** Time inside the library calls (dataset, boosting, saving or predicting). */
    nativeMs: z.number(),
    /** Peak resident memory of the worker process. */
    maxRssKb: z.number(),
    /** CPU time (user + system, all threads) of the worker process. */
    cpuMs: z.number(),
  }),
  z.object({
    ok: z.literal(false),
    /**
     * `load`: the library could not be opened (or is outside the supported versions); `model`:
     * the library opened but cannot read the model it was given (another version made it);
     * `run`: a library call failed.
     */
    stage: z.enum(['load', 'model', 'run']),
    message: z.string(),
  }),
]);
export type BoosterReply = z.infer<typeof boosterReplySchema>;

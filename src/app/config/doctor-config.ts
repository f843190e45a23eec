import { z } from 'zod';

/** What `cbi doctor` holds the machine to. Owned by the unattended feature. */
export const doctorConfigSchema = z
  .object({
    /** Free disk space under the home below which the doctor warns (the seed sized the machine at 20 GB). */
    minFreeGb: z.number().min(0).default(20),
  })
  .strict()
  .prefault({});

export type DoctorConfig = z.infer<typeof doctorConfigSchema>;

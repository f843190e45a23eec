import { z } from 'zod';

const variable = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

/**
 * The environment of the installed jobs (launchd and systemd start them with almost none).
 * Secrets (listed, or named like one: *_TOKEN, *_PASSWORD, *API_KEY, ...) go into a file only
 * the user can read, never into the world-readable plist or unit. Owned by the unattended feature.
 */
export const jobsConfigSchema = z
  .object({
    /** Variables and their values, e.g. { "GOOGLE_APPLICATION_CREDENTIALS": "/Users/me/key.json" }. */
    environment: z.record(variable, z.string()).default({}),
    /** Variables copied from the shell that runs `cbi install`, e.g. ["FRED_API_KEY", "HTTPS_PROXY"]. */
    passEnvironment: z.array(variable).default([]),
    /** Variables that are secrets whatever their name says. */
    secrets: z.array(variable).default([]),
    /** PATH of the jobs; the default finds Homebrew's and the system's tools. */
    path: z.string().min(1).optional(),
  })
  .strict()
  .prefault({});

export type JobsConfig = z.infer<typeof jobsConfigSchema>;

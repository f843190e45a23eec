import { join } from 'node:path';
import type { Autopilot, OpenAutopilotOptions } from '../../autopilot.js';
import type { CliIo } from './cli-io.js';
import { userCacheDir } from './user-cache.js';

/** The library entry as every command opens it: its --home and --config, the environment, the caches. */
export async function openForCommand(
  io: CliIo,
  options: { readonly home?: string | undefined; readonly config?: string | undefined },
  extra: Omit<OpenAutopilotOptions, 'home' | 'configFile' | 'env' | 'cacheDir' | 'parsedMemoDir'> = {},
): Promise<Autopilot> {
  const { openAutopilot } = await import('../../autopilot.js');
  const cache = userCacheDir(io.env);
  return openAutopilot({
    ...extra,
    home: options.home,
    configFile: options.config,
    env: io.env,
    cacheDir: join(cache, 'config'),
    parsedMemoDir: join(cache, 'records'),
  });
}

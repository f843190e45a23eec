import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's cache folder for cbi-autopilot (`$XDG_CACHE_HOME/cbi-autopilot`, else
 * `~/.cache/cbi-autopilot`): compiled code and parsed configs kept between the hourly runs.
 * Losing it costs start-up time only.
 */
export function userCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  const base = env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  return join(base, 'cbi-autopilot');
}

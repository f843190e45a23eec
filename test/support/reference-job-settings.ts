// Placeholder settings of the reference files in launchd/ and systemd/.
import type { CbiJobSettings } from '../../src/adapters/shared/cbi-jobs.js';

export const MAC_REFERENCE: CbiJobSettings = {
  cbi: '/usr/local/bin/cbi',
  home: '/Users/you',
  configFile: null,
  time: '23:59',
  timeZone: null,
  path: '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
};

export const LINUX_REFERENCE: CbiJobSettings = {
  cbi: '/usr/local/bin/cbi',
  home: '/home/you',
  configFile: null,
  time: '23:59',
  timeZone: 'America/Chicago',
  path: '/usr/local/bin:/usr/bin:/bin',
};

// Placeholder jobs of the reference files in launchd/ and systemd/ (user and system modes).
import type { JobsSpec } from '../../src/domain/jobs/jobs-spec.js';

export const MAC_REFERENCE: JobsSpec = {
  cbi: '/usr/local/bin/cbi',
  home: '/Users/you',
  configFile: null,
  times: ['23:59'],
  timeZone: null,
  systemTimes: ['23:59'],
  path: '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
  environment: {},
  secretsFile: undefined,
  user: { uid: 501, gid: 20, name: 'you', homeDir: '/Users/you' },
};

export const LINUX_REFERENCE: JobsSpec = {
  cbi: '/usr/local/bin/cbi',
  home: '/home/you',
  configFile: null,
  times: ['23:59'],
  timeZone: 'America/Chicago',
  systemTimes: ['05:59'],
  path: '/usr/local/bin:/usr/bin:/bin',
  environment: {},
  secretsFile: undefined,
  user: { uid: 1000, gid: 1000, name: 'you', homeDir: '/home/you' },
};

import { spawnSync } from 'node:child_process';
import { chown, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOCTOR_CHECKS } from '../../src/domain/doctor/doctor-report.js';
import { EXIT } from '../../src/domain/exit-codes.js';
import { runCbi } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

const root = process.getuid?.() === 0;
// An ordinary user every Debian has; the jobs of a home it owns run as it.
const nobody = spawnSync('getent', ['passwd', 'nobody'], { encoding: 'utf8' }).stdout.split(':');
const canGiveAway = root && process.platform === 'linux' && nobody.length >= 7;

describe('cbi install, uninstall and doctor', () => {
  let home: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ home, dispose } = await tempHome());
  });
  afterEach(() => dispose());

  it('offers --system, --dry-run and --force, and doctor --json and --send-test-alert', async () => {
    const install = await runCbi(['install', '--help']);
    for (const option of ['--system', '--dry-run', '--force', '--json'])
      expect(install.stdout).toContain(option);
    expect((await runCbi(['uninstall', '--help'])).stdout).toContain('--system');
    const doctor = await runCbi(['doctor', '--help']);
    expect(doctor.code).toBe(0);
    for (const option of ['--json', '--send-test-alert', '--home <dir>'])
      expect(doctor.stdout).toContain(option);
  });

  it.skipIf(!canGiveAway)(
    `--system --dry-run prints every file with its content and every command, for a home of another user, and changes nothing${canGiveAway ? '' : ' (skipped: needs root on Linux and a "nobody" user)'}`,
    async () => {
      await chown(home, Number(nobody[2]), Number(nobody[3]));
      await writeFile(
        join(home, 'cbi.config.json'),
        JSON.stringify({ jobs: { environment: { FRED_API_KEY: 'k3y-not-shown' } } }),
      );
      const result = await runCbi(['install', '--system', '--dry-run', '--home', home]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('dry run, nothing is changed');
      expect(result.stdout).toMatch(
        /create \/etc\/systemd\/system\/cbi-nightly\.service \(mode 644, owner 0:0\)\n {4}\| \[Unit\]/,
      );
      expect(result.stdout).toContain('    | User=nobody');
      expect(result.stdout).toContain(`create ${join(home, '.cbi/job-secrets.json')} (mode 600`);
      expect(result.stdout).toContain('    | FRED_API_KEY=<secret, 13 characters>');
      expect(result.stdout).not.toContain('k3y-not-shown');
      expect(result.stdout).toMatch(/run .*systemctl daemon-reload {3}# load the changed units/);
      expect(result.stdout).toMatch(/run .*systemctl enable --now cbi-nightly\.timer cbi-watchdog\.timer/);
      expect(await readdir(home)).toEqual(['cbi.config.json']);
    },
  );

  it.skipIf(!root)(
    `refuses per-user jobs for root with one line and exit 77, after showing the plan${root ? '' : ' (skipped: needs root)'}`,
    async () => {
      const result = await runCbi(['install', '--dry-run', '--home', home]);
      expect(result.code).toBe(EXIT.noPermission);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(
        /^cbi: the home .* belongs to root: the jobs run as the home's owner, and never as root; .* \[NO_PERMISSION\]$/m,
      );
      expect(result.stdout).toContain('blocked: ');
      const real = await runCbi(['install', '--home', home]);
      expect(real.code).toBe(EXIT.noPermission);
      expect(await readdir(home)).toEqual([]);
    },
  );

  it('doctor --json reports every check with a status, and exits 1 while something fails (no jobs here)', async () => {
    const result = await runCbi(['doctor', '--json', '--home', home]);
    const report = JSON.parse(result.stdout) as {
      checks: { id: string; status: string }[];
      exitCode: number;
    };
    expect(report.checks.map((c) => c.id)).toEqual([...DOCTOR_CHECKS]);
    expect(report.checks.find((c) => c.id === 'jobs')?.status).toBe('fail');
    expect(result.code).toBe(1);
    expect(report.exitCode).toBe(1);
  });

  it('doctor prints one line per check and its fix', async () => {
    const result = await runCbi(['doctor', '--home', home]);
    expect(result.stdout).toMatch(
      /^ok {4}Node and cbi-autopilot: Node \d+\.\d+\.\d+, cbi-autopilot \d+\.\d+\.\d+$/m,
    );
    expect(result.stdout).toMatch(/^FAIL {2}OS jobs: .*\n {6}fix: cbi install/m);
    expect(result.stdout).toMatch(/\d+ ok, \d+ warnings?, \d+ failed, \d+ skipped\n$/);
  });

  it('a job whose secrets file is gone fails with one line and exit 78 (CBI_SECRETS_FILE)', async () => {
    const result = await runCbi(['status', '--home', home], { CBI_SECRETS_FILE: join(home, 'gone.json') });
    expect(result.code).toBe(EXIT.config);
    expect(result.stderr.trimEnd()).toMatch(
      /^cbi: cannot read the jobs' secrets file .*gone\.json \(CBI_SECRETS_FILE\); cbi install writes it; .*\[CONFIG_INVALID\]$/,
    );
  });
});

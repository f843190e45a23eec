// Every launchd plist and systemd unit cbi install writes, rendered through the real install
// path (dry run: config -> environment split -> time conversion -> scheduler plan), for user and
// system jobs, one and several run times, a named time zone, an environment with a secret, and a
// home whose path has spaces, quotes, `&`, `%` and `$`. Plists are read back by Python's plistlib
// key by key; units go through `systemd-analyze verify`.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemdJobSpecs } from '../../src/adapters/linux/systemd-scheduler.js';
import { systemdQuote, systemdUnits } from '../../src/adapters/linux/systemd-units.js';
import { SystemdScheduler } from '../../src/adapters/linux/systemd-scheduler.js';
import { launchJobPlist } from '../../src/adapters/macos/launchd-plist.js';
import { LaunchdScheduler, launchJobSpecs } from '../../src/adapters/macos/launchd-scheduler.js';
import { installJobs } from '../../src/app/jobs/install-jobs.js';
import type { JobsMode, PlanStep } from '../../src/domain/jobs/install-plan.js';
import { FakeMachine } from '../../src/testing/fake-machine.js';
import { CBI, jobsDeps } from '../support/jobs-world.js';
import { LINUX_REFERENCE, MAC_REFERENCE } from '../support/reference-job-settings.js';
import { REPO_ROOT } from '../support/repo.js';
import { osStandins, type OsStandins } from '../support/standins/os-tools.js';

const hasPython = spawnSync('python3', ['-c', 'import plistlib']).status === 0;
const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const SECRET = 'fred-key-0123456789abcdef';
/** systemd-analyze checks that User= exists and is not "nobody": an ordinary system user every Debian and macOS has. */
const VERIFY_USER = 'daemon';

/** The plist parsed by Python's plistlib, as JSON (throws when plistlib rejects it). */
function plistlibLoad(path: string): Record<string, unknown> {
  const result = spawnSync(
    'python3',
    ['-c', 'import plistlib,sys,json; print(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', path],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`plistlib rejected ${path}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

function verifyUnits(files: readonly string[]): { status: number | null; stderr: string } {
  const result = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

const cases = [
  { mode: 'user', times: ['23:59'], timeZone: undefined },
  { mode: 'user', times: ['02:00', '14:30'], timeZone: 'America/Chicago' },
  { mode: 'system', times: ['23:59'], timeZone: 'America/Chicago' },
  { mode: 'system', times: ['02:00', '14:30'], timeZone: undefined },
] as const;

/** 23:59 in Chicago on 2026-01-15 is 05:59 in London (system zone); 02:00 -> 08:00, 14:30 -> 20:30. */
const LONDON: Readonly<Record<string, string>> = { '23:59': '05:59', '02:00': '08:00', '14:30': '20:30' };

describe('the job files cbi install writes', () => {
  let home: string;
  let sandbox: string;
  let tools: OsStandins;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), `Ann & "Bob" home 100% $x `));
    sandbox = await mkdtemp(join(tmpdir(), 'cbi-job-files-'));
    tools = await osStandins();
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(sandbox, { recursive: true, force: true });
    await tools.dispose();
  });

  async function planFiles(
    platform: 'darwin' | 'linux',
    c: (typeof cases)[number],
  ): Promise<Extract<PlanStep, { kind: 'file' }>[]> {
    const machine = new FakeMachine();
    machine.zone = 'Europe/London';
    machine.uid = c.mode === 'system' ? 0 : 501;
    machine.owner = { uid: 501, gid: 20, name: 'ann', homeDir: '/Users/ann' };
    const scheduler =
      platform === 'darwin'
        ? new LaunchdScheduler({
            userHome: join(sandbox, 'ann'),
            daemonsDir: join(sandbox, 'LaunchDaemons'),
            uid: 501,
            userName: 'ann',
            launchctl: tools.tools.launchctl,
          })
        : new SystemdScheduler({
            userUnitDir: join(sandbox, 'user-units'),
            systemUnitDir: join(sandbox, 'system-units'),
            uid: 501,
            userName: 'ann',
            systemctl: tools.tools.systemctl,
            loginctl: tools.tools.loginctl,
          });
    const deps = await jobsDeps({
      home,
      machine,
      scheduler,
      config: {
        schedule: { times: [...c.times], ...(c.timeZone === undefined ? {} : { timeZone: c.timeZone }) },
        jobs: { environment: { HTTPS_PROXY: 'http://proxy.local:3128', FRED_API_KEY: SECRET } },
      },
    });
    const report = await installJobs(deps, {
      mode: c.mode as JobsMode,
      dryRun: true,
      force: false,
      shell: {},
    });
    return report.plan.steps.filter(
      (s): s is Extract<PlanStep, { kind: 'file' }> =>
        s.kind === 'file' && (s.path.endsWith('.plist') || /\.(service|timer)$/.test(s.path)),
    );
  }

  describe.skipIf(!hasPython)('launchd plists, read back by plistlib', () => {
    it.each(cases)('$mode jobs at $times ($timeZone)', async (c) => {
      const files = await planFiles('darwin', c);
      expect(files.map((f) => f.path.split('/').pop())).toEqual([
        'com.cbi.autopilot.nightly.plist',
        'com.cbi.autopilot.watchdog.plist',
      ]);
      const secretsFile = join(home, '.cbi/job-secrets.json');
      for (const file of files) {
        expect(
          file.path.startsWith(
            join(sandbox, c.mode === 'system' ? 'LaunchDaemons' : 'ann/Library/LaunchAgents'),
          ),
        ).toBe(true);
        expect(file.mode).toBe(0o644);
        expect(file.owner).toEqual(c.mode === 'system' ? { uid: 0, gid: 0 } : undefined);
        expect(file.content).not.toContain(SECRET);
        const path = join(sandbox, `${c.mode}-${file.path.split('/').pop() ?? ''}`);
        await writeFile(path, file.content);
        const plist = plistlibLoad(path);
        const nightly = file.path.endsWith('nightly.plist');
        const identity =
          c.mode === 'system'
            ? { HOME: '/Users/ann', USER: 'ann', LOGNAME: 'ann' }
            : ({} as Record<string, string>);
        expect(plist).toEqual({
          Label: nightly ? 'com.cbi.autopilot.nightly' : 'com.cbi.autopilot.watchdog',
          ...(c.mode === 'system' ? { UserName: 'ann' } : {}),
          ProgramArguments: nightly
            ? ['/usr/bin/caffeinate', '-ims', CBI, 'run', '--home', home, '--trigger', 'schedule']
            : [CBI, 'watchdog', '--home', home],
          ...(nightly
            ? {
                StartCalendarInterval:
                  c.times.length === 1
                    ? calendarOf(c.timeZone === undefined ? c.times[0] : (LONDON[c.times[0]] ?? ''))
                    : c.times.map((t) => calendarOf(c.timeZone === undefined ? t : (LONDON[t] ?? ''))),
              }
            : { StartInterval: 3600 }),
          RunAtLoad: !nightly,
          WorkingDirectory: home,
          StandardOutPath: `${home}/Logs/nightly/daemon_stdout.log`,
          StandardErrorPath: `${home}/Logs/nightly/daemon_stderr.log`,
          EnvironmentVariables: {
            PATH: '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
            ...identity,
            HTTPS_PROXY: 'http://proxy.local:3128',
            CBI_SECRETS_FILE: secretsFile,
          },
          ProcessType: 'Background',
          AbandonProcessGroup: !nightly,
        });
        for (const arg of plist['ProgramArguments'] as string[])
          if (arg.includes('/')) expect(arg.startsWith('/'), `${arg} is absolute`).toBe(true);
      }
    });
  });

  describe.skipIf(!hasAnalyze)('systemd units, through systemd-analyze verify', () => {
    it.each(cases)('$mode units at $times ($timeZone)', async (c) => {
      const files = await planFiles('linux', c);
      expect(files.map((f) => f.path.split('/').pop())).toEqual([
        'cbi-nightly.service',
        'cbi-nightly.timer',
        'cbi-watchdog.service',
        'cbi-watchdog.timer',
      ]);
      const dir = await mkdtemp(join(sandbox, `${c.mode}-units-`));
      for (const file of files) {
        expect(file.content).not.toContain(SECRET);
        // systemd-analyze checks that User= exists: name one this machine has.
        await writeFile(
          join(dir, file.path.split('/').pop() ?? ''),
          file.content.replace(/^User=ann$/m, `User=${VERIFY_USER}`),
        );
      }
      const timer = files.find((f) => f.path.endsWith('cbi-nightly.timer'))?.content ?? '';
      const zone = c.timeZone === undefined ? '' : ` ${c.timeZone}`;
      expect(timer.match(/^OnCalendar=.*$/gm)).toEqual(c.times.map((t) => `OnCalendar=*-*-* ${t}:00${zone}`));
      const service = files.find((f) => f.path.endsWith('cbi-nightly.service'))?.content ?? '';
      expect(service).toContain(`Environment=${systemdQuote('HTTPS_PROXY=http://proxy.local:3128')}`);
      expect(service).toContain(
        `Environment=${systemdQuote(`CBI_SECRETS_FILE=${join(home, '.cbi/job-secrets.json')}`)}`,
      );
      expect(/^User=/m.test(service)).toBe(c.mode === 'system');
      const result = verifyUnits((await readdir(dir)).map((n) => join(dir, n)));
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    });
  });
});

function calendarOf(time: string): { Hour: number; Minute: number } {
  const [hour, minute] = time.split(':').map(Number);
  return { Hour: hour ?? -1, Minute: minute ?? -1 };
}

describe('reference job files', () => {
  it('launchd/ and systemd/ match what the generators write (regenerate: npm run build && node test/support/reference-jobs.mjs)', async () => {
    const expected: Record<string, string> = {};
    for (const [mode, folder] of [
      ['user', ''],
      ['system', 'system/'],
    ] as const) {
      for (const spec of Object.values(launchJobSpecs(MAC_REFERENCE, mode)))
        expected[`launchd/${folder}${spec.label}.plist`] = launchJobPlist(spec);
      for (const spec of Object.values(systemdJobSpecs(LINUX_REFERENCE, mode))) {
        const units = systemdUnits(spec);
        expected[`systemd/${folder}${spec.name}.service`] = units.service;
        expected[`systemd/${folder}${spec.name}.timer`] = units.timer;
      }
    }
    expect(Object.keys(expected)).toHaveLength(12);
    for (const [path, content] of Object.entries(expected))
      expect(await readFile(join(REPO_ROOT, path), 'utf8'), path).toBe(content);
  });

  it.skipIf(!hasPython)('every checked-in plist loads with plistlib', async () => {
    for (const folder of ['launchd', 'launchd/system']) {
      const names = (await readdir(join(REPO_ROOT, folder))).filter((n) => n.endsWith('.plist'));
      expect(names.sort()).toEqual(['com.cbi.autopilot.nightly.plist', 'com.cbi.autopilot.watchdog.plist']);
      for (const name of names)
        expect(plistlibLoad(join(REPO_ROOT, folder, name))).toMatchObject({
          Label: name.replace(/\.plist$/, ''),
        });
    }
  });

  it.skipIf(!hasAnalyze)(
    'every checked-in unit passes systemd-analyze verify (with the real cbi path)',
    async () => {
      for (const folder of ['systemd', 'systemd/system']) {
        const dir = await mkdtemp(join(tmpdir(), 'cbi-units-'));
        for (const name of (await readdir(join(REPO_ROOT, folder))).filter((n) =>
          /\.(service|timer)$/.test(n),
        )) {
          const text = (await readFile(join(REPO_ROOT, folder, name), 'utf8'))
            .replaceAll('/usr/local/bin/cbi', CBI)
            .replace(/^User=you$/m, `User=${VERIFY_USER}`);
          await writeFile(join(dir, name), text);
        }
        const result = verifyUnits((await readdir(dir)).map((n) => join(dir, n)));
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('systemd quoting', () => {
  it.each([
    { arg: '/usr/bin/cbi', quoted: '/usr/bin/cbi' },
    { arg: '/home/a b', quoted: '"/home/a b"' },
    { arg: '100%', quoted: '100%%' },
    { arg: 'say "hi"', quoted: '"say \\"hi\\""' },
  ])('quotes $arg as $quoted', ({ arg, quoted }) => {
    expect(systemdQuote(arg)).toBe(quoted);
  });

  it('keeps the watchdog from killing its detached catch-up run (KillMode=process)', () => {
    const units = systemdUnits(systemdJobSpecs(LINUX_REFERENCE, 'user').watchdog);
    expect(units.service).toContain('KillMode=process');
    expect(units.timer).toContain('Persistent=true');
    expect(units.timer).toContain('OnBootSec=5min');
  });
});

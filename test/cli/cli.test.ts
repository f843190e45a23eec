import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/domain/exit-codes.js';
import { NODE_BIN, REPO_ROOT } from '../support/repo.js';
import { runCbi } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

describe('cbi CLI', () => {
  let home: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ home, dispose } = await tempHome());
  });
  afterEach(() => dispose());

  it('shows help for the program and each command, exit 0', async () => {
    const top = await runCbi(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/run \[options\]/);
    expect(top.stdout).toMatch(/status \[options\]/);
    expect(top.stdout).toMatch(/watchdog \[options\]/);
    for (const command of ['run', 'status', 'watchdog', 'install', 'uninstall']) {
      const help = await runCbi([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: cbi ${command}`);
      expect(help.stdout).toContain('--home <dir>');
    }
  });

  it.each([
    {
      name: 'an unknown command',
      args: ['runn'],
      line: /^cbi: unknown command 'runn' \(Did you mean run\?\); see `cbi --help`$/,
    },
    {
      name: 'an unknown option',
      args: ['run', '--horizon', '1m'],
      line: /^cbi: unknown option '--horizon' \(Did you mean --horizons\?\); see `cbi --help`$/,
    },
    {
      name: 'an unknown horizon',
      args: ['run', '--horizons', '1m,2w'],
      line: /^cbi: unknown horizon "2w"; use one of 1w, 1m, 3m, 6m, 12m \[USAGE\]$/,
    },
    {
      name: 'an unknown trigger',
      args: ['run', '--trigger', 'cron'],
      line: /^cbi: unknown trigger "cron"; use one of manual, schedule, watchdog \[USAGE\]$/,
    },
  ])('answers $name with one line and exit 64', async ({ args, line }) => {
    const result = await runCbi([...args, '--home', home]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr.trimEnd()).toMatch(line);
  });

  it('answers a bad config file with one line naming the field and exit 78, and writes nothing', async () => {
    await writeFile(join(home, 'cbi.config.json'), JSON.stringify({ run: { deadlineMinutes: -5 } }));
    const result = await runCbi(['run', '--home', home]);
    expect(result.code).toBe(EXIT.config);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^cbi: invalid config run\.deadlineMinutes in .*cbi\.config\.json: .*\[CONFIG_INVALID\]$/m,
    );
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(home)).toEqual(['cbi.config.json']);
  });

  it('prints an empty status for a fresh home, as JSON and as text', async () => {
    const json = await runCbi(['status', '--home', home, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      last: null,
      ageSeconds: null,
      corrupt: null,
      lock: null,
      recent: [],
    });
    const text = await runCbi(['status', '--home', home]);
    expect(text.stdout).toContain('no run recorded yet');
    expect(text.stdout).toContain('lock: free');
  });

  it('refuses to run while another live process holds the lock: exit 75, one line, nothing recorded', async () => {
    const holder = spawn(
      NODE_BIN,
      [join(REPO_ROOT, 'test/support/home-actor.mjs'), 'hold', home, 'holder', '--hold-ms', '60000'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((resolve) =>
        holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('acquired') && resolve()),
      );
      const result = await runCbi(['run', '--home', home]);
      expect(result.code).toBe(EXIT.tryLater);
      expect(result.stderr.trimEnd()).toMatch(
        new RegExp(
          `^cbi: run holder \\(pid ${holder.pid} on ${hostname()}, since .*\\) holds the lock; wait for it to finish; \`cbi status\` shows it \\[RUN_LOCKED\\]$`,
        ),
      );
      const status = await runCbi(['status', '--home', home, '--json']);
      expect(JSON.parse(status.stdout)).toMatchObject({
        lock: { lock: { runId: 'holder', pid: holder.pid }, alive: true },
        recent: [{ run_id: 'holder' }],
      });
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('documents every exit code in the README table, and nothing else', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('## Configuration'));
    const documented = [...section.matchAll(/^\|\s*(\d+)\s*\|/gm)]
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const defined = [...new Set(Object.values(EXIT))].sort((a, b) => a - b);
    expect(documented).toEqual(defined);
  });
});

import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_BIN, REPO_ROOT } from '../support/repo.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { tempHome } from '../support/temp-home.js';

/** The README's library example, run as written: it imports the package by its name. */
describe('README library example', () => {
  it('runs a night through the library and reads the status', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /```ts\n\/\/ example: library\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    // Inside the package folder, so `import 'cbi-autopilot'` resolves to this package (self-reference).
    const folder = join(REPO_ROOT, '.cache');
    await mkdir(folder, { recursive: true });
    const script = join(folder, `readme-example-${process.pid}.mjs`);
    await writeFile(script, block ?? '');
    const { home, dispose } = await tempHome();
    try {
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(NODE_BIN, [script], {
          env: { ...process.env, EXAMPLE_HOME: home, CBI_SOURCE_DIR: FRED_DIR },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const [first, second] = result.stdout.trim().split('\n');
      expect(first).toMatch(/^run \d{8}_\d{6}: success, 6 stages succeeded$/);
      expect(second).toMatch(/^last run \d{8}_\d{6} is \d+ s old; lock free$/);
    } finally {
      await rm(script, { force: true });
      await dispose();
    }
  }, 600_000);
});

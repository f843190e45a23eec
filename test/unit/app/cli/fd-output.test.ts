import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fdOutput } from '../../../../src/app/cli/fd-output.js';

/** The descriptor behind a child's stdin pipe (Node keeps it non-blocking: a full pipe says EAGAIN). */
function descriptorOf(stream: unknown): number {
  const fd = (stream as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('this platform does not expose the pipe descriptor');
  return fd;
}

function exited(child: ReturnType<typeof spawn>): Promise<string> {
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

describe('fdOutput', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbi-fd-output-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every byte of each text, in order, without making the stream', () => {
    const file = join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    let made = 0;
    const out = fdOutput(fd, () => {
      made += 1;
      throw new Error('not wanted');
    });
    out.write('{"state":"healthy"}\n');
    out.write('héllo · ✅\n');
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('{"state":"healthy"}\nhéllo · ✅\n');
    expect(made).toBe(0);
  });

  it('goes on through the stream, in order, when a non-blocking pipe is full', async () => {
    // the reader starts late, so the pipe is full when the writes come
    const child = spawn('sh', ['-c', 'sleep 0.3; exec wc -c'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const counted = exited(child);
    let made = 0;
    const out = fdOutput(descriptorOf(child.stdin), () => {
      made += 1;
      return child.stdin as unknown as NodeJS.WriteStream;
    });
    const big = 'x'.repeat(1 << 20); // far more than a pipe holds
    out.write(big);
    out.write('tail\n');
    child.stdin?.end();
    expect(Number((await counted).trim())).toBe(big.length + 5);
    expect(made).toBe(1);
  });

  it('ends quietly when the reader has gone (EPIPE)', async () => {
    // a reader that closes its end of the pipe and stays alive (Node closes the parent's end when a child exits)
    const child = spawn('sh', ['-c', 'exec 0<&-; echo closed; exec sleep 30'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const out = fdOutput(descriptorOf(child.stdin), () => {
        throw new Error('not wanted');
      });
      expect(out.write('a line nobody reads\n')).toBe(false);
      expect(out.write('and another\n')).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('any other write error is thrown', () => {
    const fd = openSync(join(dir, 'closed.txt'), 'w');
    closeSync(fd);
    const out = fdOutput(fd, () => {
      throw new Error('not wanted');
    });
    expect(() => out.write('x')).toThrow(/EBADF/);
  });
});

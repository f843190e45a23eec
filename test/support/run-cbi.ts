import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './repo.js';

export interface CbiResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CbiProcess {
  readonly pid: number | undefined;
  readonly done: Promise<CbiResult>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts bin/cbi, as a user does (the built start-up bundle), in a real process; env is added to the parent's. */
export function startCbi(args: readonly string[], env: Readonly<Record<string, string>> = {}): CbiProcess {
  const child = spawn(join(REPO_ROOT, 'bin', 'cbi'), [...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CbiResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { pid: child.pid, done, kill: (signal) => child.kill(signal) };
}

export function runCbi(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CbiResult> {
  return startCbi(args, env).done;
}

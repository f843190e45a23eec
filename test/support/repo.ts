import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/repo.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The project's own Node (>= 22) for child processes, falling back to the one running the tests. */
export const NODE_BIN = existsSync(join(REPO_ROOT, 'node_modules', '.bin', 'node'))
  ? join(REPO_ROOT, 'node_modules', '.bin', 'node')
  : process.execPath;

/** The compiled module of a source file (`npm test` builds dist/ before vitest runs). */
export function distModule(sourcePath: string): string {
  const path = join(REPO_ROOT, 'dist', sourcePath.replace(/^src\//, '').replace(/\.ts$/, '.js'));
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first (npm test does)`);
  return path;
}

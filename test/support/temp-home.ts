import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh home folder for one test; `dispose` removes it. */
export async function tempHome(prefix = 'cbi-home-'): Promise<{ home: string; dispose(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), prefix));
  return { home, dispose: () => rm(home, { recursive: true, force: true }) };
}

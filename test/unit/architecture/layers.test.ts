import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/repo.js';

async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(join(REPO_ROOT, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(REPO_ROOT, join(e.parentPath, e.name)));
}

async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(REPO_ROOT, file), 'utf8');
  return [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2] ?? '');
}

const builtins = new Set(builtinModules);

describe('layers', () => {
  it('keeps src/domain free of node built-ins, inversify and every other layer', async () => {
    const offences: string[] = [];
    for (const file of await sources('src/domain')) {
      for (const spec of await importsOf(file)) {
        const bad =
          spec.startsWith('node:') ||
          builtins.has(spec) ||
          spec.startsWith('inversify') ||
          /\.\.\/(adapters|app|ports|testing)\//.test(spec) ||
          (!spec.startsWith('.') && spec !== 'zod');
        if (bad) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("lets only the composition root import adapters (fakes may share the adapters' plumbing)", async () => {
    const offences: string[] = [];
    for (const file of [
      ...(await sources('src/app')),
      ...(await sources('src/ports')),
      ...(await sources('src/testing')),
    ]) {
      if (file.startsWith('src/app/composition/')) continue;
      for (const spec of await importsOf(file)) {
        const sharedPlumbing = file.startsWith('src/testing/') && spec.includes('/adapters/shared/');
        if (spec.includes('/adapters/') && !sharedPlumbing) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('lets the CLI import only the library entry, the domain and its own files', async () => {
    const offences: string[] = [];
    for (const file of await sources('src/app/cli')) {
      for (const spec of await importsOf(file)) {
        const allowed =
          spec.startsWith('./') ||
          spec === '../../autopilot.js' ||
          spec === '../../index.js' ||
          spec.startsWith('../../domain/') ||
          spec === 'commander' ||
          spec.startsWith('node:');
        if (!allowed) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keeps adapters from importing each other (shared plumbing aside)', async () => {
    const offences: string[] = [];
    for (const file of await sources('src/adapters')) {
      const own = file.split('/')[2];
      for (const spec of await importsOf(file)) {
        const other = /^\.\.\/([a-z-]+)\//.exec(spec)?.[1];
        if (other !== undefined && other !== own && other !== 'shared' && !spec.startsWith('../../'))
          offences.push(`${file} imports ${spec}`);
        if (/\.\.\/(app|testing)\//.test(spec)) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });
});

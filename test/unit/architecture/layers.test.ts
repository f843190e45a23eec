import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
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

/** The source file a relative import names (`./x.js` -> `<dir>/x.ts`), or undefined for a package. */
function resolveRelative(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return join(dirname(file), spec).replace(/\.js$/, '.ts');
}

/** Every source file an entry loads, following relative imports (type-only ones too). */
async function reachableFrom(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of await importsOf(file)) {
      const target = resolveRelative(file, spec);
      if (target !== undefined) queue.push(target);
    }
  }
  return seen;
}

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

  it('keeps vitest out of cbi-autopilot and cbi-autopilot/testing (only the contracts entry needs it)', async () => {
    const offences: string[] = [];
    for (const entry of ['src/index.ts', 'src/testing/index.ts']) {
      for (const file of await reachableFrom(entry)) {
        for (const spec of await importsOf(file))
          if (spec === 'vitest' || spec.startsWith('vitest/'))
            offences.push(`${entry}: ${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
    const contracts = await reachableFrom('src/testing/contracts/index.ts');
    expect([...contracts].some((f) => f.endsWith('.contract.ts'))).toBe(true);
  });

  it('keeps every import of src inside src, and the contract suites off adapters', async () => {
    const offences: string[] = [];
    for (const file of await sources('src')) {
      for (const spec of await importsOf(file)) {
        const target = resolveRelative(file, spec);
        if (target !== undefined && !target.startsWith('src/')) offences.push(`${file} imports ${spec}`);
        if (file.startsWith('src/testing/contracts/') && spec.includes('/adapters/'))
          offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';
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
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The repo path a relative import points at (`src/adapters/booster/booster-job.js`), else undefined. */
function resolvedImport(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(file.split(sep).join('/')), spec));
}

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
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

  it('keeps adapters from importing each other (shared plumbing aside), and shared plumbing from every adapter', async () => {
    const offences: string[] = [];
    for (const file of await sources('src/adapters')) {
      const own = file.split('/')[2];
      for (const spec of await importsOf(file)) {
        const target = resolvedImport(file, spec);
        if (target === undefined) continue;
        const other = /^src\/adapters\/([^/]+)\//.exec(target)?.[1];
        const crossing = other !== undefined && other !== own && (other !== 'shared' || own === 'shared');
        if (crossing || /^src\/(app|testing)\//.test(target)) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  // An adapter with sub-folders is a generic core plus one driver per technology (the booster
  // adapter: src/adapters/booster/ with lightgbm/ and xgboost/). A driver plugs into its core;
  // the composition root picks the drivers, so the core never imports or names one.
  it("lets a driver use its adapter's core, never another driver, and keeps the core off every driver", async () => {
    const offences: string[] = [];
    for (const file of await sources('src/adapters')) {
      const [, , adapter, driver] = file.split('/');
      const inDriver = file.split('/').length > 4;
      for (const spec of await importsOf(file)) {
        const target = resolvedImport(file, spec)?.split('/');
        if (target === undefined || target[2] !== adapter || target.length <= 4) continue;
        if (!inDriver || target[3] !== driver) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keeps the names of its drivers out of the code of an adapter core (comments may name them)', async () => {
    const offences: string[] = [];
    for (const entry of await readdir(join(REPO_ROOT, 'src/adapters'), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const folder = join(REPO_ROOT, 'src/adapters', entry.name);
      const children = await readdir(folder, { withFileTypes: true });
      const drivers = children.filter((c) => c.isDirectory()).map((c) => c.name);
      if (drivers.length === 0) continue;
      const named = new RegExp(`\\b(${drivers.join('|')})\\b`, 'i');
      for (const core of children.filter((c) => c.isFile() && c.name.endsWith('.ts'))) {
        const code = withoutComments(await readFile(join(folder, core.name), 'utf8'));
        const hit = named.exec(code)?.[0];
        if (hit !== undefined) offences.push(`src/adapters/${entry.name}/${core.name} names ${hit}`);
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

  // A cycle (type-only ones too) is a seam that is not one: two halves of one concept.
  it('has no import cycle in src, type-only imports included', async () => {
    const graph = new Map<string, string[]>();
    for (const file of await sources('src')) {
      const targets = (await importsOf(file)).map((spec) => resolveRelative(file, spec));
      graph.set(
        file,
        targets.filter((t): t is string => t !== undefined),
      );
    }
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (file: string, path: readonly string[]): void => {
      const seenAt = path.indexOf(file);
      if (seenAt >= 0) {
        cycles.push([...path.slice(seenAt), file].join(' -> '));
        return;
      }
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

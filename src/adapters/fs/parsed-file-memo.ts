import { readdir, readFile, stat, unlink } from '../shared/fs-calls.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { textDigest } from '../../domain/text-digest.js';
import { writeFileAtomic } from '../shared/atomic-write.js';

/** How many parsed files are kept; the least recently written go first. */
const KEEP = 200;

/**
 * What a schema made of a file's exact text, kept for the next process: the hourly commands read
 * the same few run records every time, and loading the schemas (zod) to check them again cost a
 * third of `cbi status`'s start-up (bench/cli-startup.bench.mjs). An entry holds the text it was
 * made from and is used only for that very text, by this very build (this module's mtime and
 * size): a changed file, a damaged entry or a new version parses again. Text the schema refuses
 * is never kept, so a bad file is refused every time. Losing the folder costs start-up time only.
 */
export class ParsedFileMemo {
  #build: Promise<string> | undefined;

  constructor(private readonly dir: string) {}

  /** `parse` of the JSON in `text` (`kind` tells the schemas apart), from the memo when it has it. */
  async parse<T>(kind: string, text: string, parse: (json: unknown) => T | Promise<T>): Promise<T> {
    const build = await this.#buildStamp();
    const path = join(this.dir, `${kind}-${textDigest(text)}.json`);
    try {
      const entry: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (isEntry(entry) && entry.build === build && entry.text === text) return entry.value as T;
    } catch {
      // a missing or damaged entry is a miss
    }
    const value = await parse(JSON.parse(text));
    await this.#keep(path, { build, text, value });
    return value;
  }

  async #keep(path: string, entry: Entry): Promise<void> {
    try {
      await writeFileAtomic(path, JSON.stringify(entry));
      await this.#prune();
    } catch {
      // the memo only saves start-up time
    }
  }

  async #prune(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    if (names.length <= KEEP) return;
    const dated = await Promise.all(
      names.map(async (name) => ({ name, at: (await stat(join(this.dir, name))).mtimeMs })),
    );
    dated.sort((a, b) => a.at - b.at);
    for (const { name } of dated.slice(0, dated.length - KEEP))
      await unlink(join(this.dir, name)).catch(() => undefined);
  }

  #buildStamp(): Promise<string> {
    this.#build ??= stat(fileURLToPath(import.meta.url)).then(
      (info) => `${info.mtimeMs}:${info.size}`,
      () => 'unknown',
    );
    return this.#build;
  }
}

interface Entry {
  readonly build: string;
  readonly text: string;
  readonly value: unknown;
}

function isEntry(value: unknown): value is Entry {
  return (
    typeof value === 'object' &&
    value !== null &&
    'build' in value &&
    'text' in value &&
    'value' in value &&
    typeof value.text === 'string'
  );
}

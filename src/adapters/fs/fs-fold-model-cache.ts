import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { LAYOUT } from '../../domain/layout.js';
import { assertFoldModelKey, type FoldModelEntry } from '../../domain/model/fold-model-entry.js';
import { MODEL_LIBRARIES } from '../../domain/model/model.js';
import type { Clock } from '../../ports/clock.port.js';
import type { FoldModelCache } from '../../ports/fold-model-cache.port.js';
import { artifactIoError, errnoCode } from '../shared/node-errors.js';
import { writeFileAtomic } from '../shared/atomic-write.js';

export interface FsFoldModelCacheSettings {
  readonly home: string;
  /** At most this many entries stay. */
  readonly maxEntries: number;
  /** At most this many bytes of entries stay (the newest entry stays even when it alone is more). */
  readonly maxBytes: number;
}

const SCHEMA = 'cbi-fold-model/1';
const SUFFIX = '.fold';

/** The first line of an entry's file; the model's own bytes follow it. */
const header = z.object({
  schema: z.literal(SCHEMA),
  key: z.string(),
  library: z.enum(MODEL_LIBRARIES),
  library_version: z.string(),
  format: z.enum(['lightgbm-text', 'xgboost-json', 'xgboost-ubj']),
  feature_names: z.array(z.string()),
  train_rows: z.number(),
  train_seconds: z.number(),
  trained_at: z.string(),
  bytes: z.number(),
  sha256: z.string(),
});

/**
 * The fold cache as files under the home (`Models/fold_cache/<key>.fold`): a JSON line saying
 * what the model is (with its length and sha256), then the model file's own bytes. Written to a
 * temporary sibling, fsynced and renamed, so a crash leaves no half entry under a key; an entry
 * whose header, length or checksum does not hold is removed and reads as missing. A file's
 * modification time is when it was last used (set from the clock): eviction removes the least
 * recently used first.
 */
export class FsFoldModelCache implements FoldModelCache {
  #lastStamp = 0;

  constructor(
    private readonly settings: FsFoldModelCacheSettings,
    private readonly clock: Clock,
  ) {}

  async get(key: string): Promise<FoldModelEntry | undefined> {
    const path = this.#path(key);
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw artifactIoError('read', path, error);
    }
    const entry = decode(content, key);
    if (entry === undefined) {
      await rm(path, { force: true }).catch(() => undefined);
      return undefined;
    }
    await this.#touch(path);
    return entry;
  }

  async put(entry: FoldModelEntry): Promise<void> {
    const path = this.#path(entry.key);
    try {
      await writeFileAtomic(path, encode(entry));
    } catch (error) {
      throw artifactIoError('write', path, error);
    }
    await this.#touch(path);
    await this.#evict(path);
  }

  #path(key: string): string {
    assertFoldModelKey(key);
    return join(this.settings.home, LAYOUT.foldCache, `${key}${SUFFIX}`);
  }

  /** Marks a file used now; strictly after the last mark of this process, so uses in one millisecond keep their order. */
  async #touch(path: string): Promise<void> {
    this.#lastStamp = Math.max(this.clock.now().getTime(), this.#lastStamp + 1);
    const when = new Date(this.#lastStamp);
    await utimes(path, when, when).catch((error: unknown) => {
      if (errnoCode(error) !== 'ENOENT') throw artifactIoError('mark as used', path, error);
    });
  }

  /** Removes the least recently used entries past the bounds; never the one just written. */
  async #evict(keep: string): Promise<void> {
    const folder = join(this.settings.home, LAYOUT.foldCache);
    const names = await readdir(folder).catch(() => [] as string[]);
    const entries: { path: string; bytes: number; used: number }[] = [];
    for (const name of names) {
      if (!name.endsWith(SUFFIX) || name.startsWith('.')) continue; // temporaries are retention's
      const path = join(folder, name);
      const info = await stat(path).catch(() => undefined);
      if (info !== undefined) entries.push({ path, bytes: info.size, used: info.mtimeMs });
    }
    entries.sort((a, b) => a.used - b.used || (a.path < b.path ? -1 : 1));
    let count = entries.length;
    let bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
    for (const entry of entries) {
      if (count <= this.settings.maxEntries && bytes <= this.settings.maxBytes) break;
      if (entry.path === keep) continue;
      await rm(entry.path, { force: true }).catch((error: unknown) => {
        throw artifactIoError('evict', entry.path, error);
      });
      count -= 1;
      bytes -= entry.bytes;
    }
  }
}

function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function encode(entry: FoldModelEntry): Buffer {
  const { model } = entry;
  const line = JSON.stringify({
    schema: SCHEMA,
    key: entry.key,
    library: model.library,
    library_version: model.libraryVersion,
    format: model.format,
    feature_names: model.featureNames,
    train_rows: entry.trainRows,
    train_seconds: entry.trainSeconds,
    trained_at: entry.trainedAt,
    bytes: model.content.length,
    sha256: sha256(model.content),
  });
  return Buffer.concat([Buffer.from(`${line}\n`, 'utf8'), model.content]);
}

/** The entry a file holds, or undefined when any part of it does not hold (damaged, cut short, another key's). */
function decode(content: Buffer, key: string): FoldModelEntry | undefined {
  const newline = content.indexOf(0x0a);
  if (newline < 0) return undefined;
  let parsed;
  try {
    parsed = header.safeParse(JSON.parse(content.subarray(0, newline).toString('utf8')));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const h = parsed.data;
  const model = new Uint8Array(content.subarray(newline + 1));
  if (h.key !== key || model.length !== h.bytes || sha256(model) !== h.sha256) return undefined;
  return {
    key,
    model: {
      library: h.library,
      libraryVersion: h.library_version,
      format: h.format,
      content: model,
      featureNames: h.feature_names,
    },
    trainRows: h.train_rows,
    trainSeconds: h.train_seconds,
    trainedAt: h.trained_at,
  };
}

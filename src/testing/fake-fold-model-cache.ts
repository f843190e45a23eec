import { assertFoldModelKey, type FoldModelEntry } from '../domain/model/fold-model-entry.js';
import type { FoldModelCache } from '../ports/fold-model-cache.port.js';

export interface FakeFoldModelCacheBounds {
  readonly maxEntries: number;
  /** Counted as the models' bytes. */
  readonly maxBytes: number;
}

/** An in-memory fold cache with the same bounds and eviction order as the fs one; tests can damage an entry. */
export class FakeFoldModelCache implements FoldModelCache {
  readonly #entries = new Map<string, { entry: FoldModelEntry; used: number; damaged: boolean }>();
  #uses = 0;

  constructor(
    private readonly bounds: FakeFoldModelCacheBounds = {
      maxEntries: Number.POSITIVE_INFINITY,
      maxBytes: Number.POSITIVE_INFINITY,
    },
  ) {}

  async get(key: string): Promise<FoldModelEntry | undefined> {
    assertFoldModelKey(key);
    const found = this.#entries.get(key);
    if (found === undefined) return undefined;
    if (found.damaged) {
      this.#entries.delete(key);
      return undefined;
    }
    found.used = ++this.#uses;
    return found.entry;
  }

  async put(entry: FoldModelEntry): Promise<void> {
    assertFoldModelKey(entry.key);
    this.#entries.set(entry.key, { entry, used: ++this.#uses, damaged: false });
    const byUse = [...this.#entries.entries()].sort((a, b) => a[1].used - b[1].used);
    let bytes = byUse.reduce((sum, [, e]) => sum + e.entry.model.content.length, 0);
    for (const [key, e] of byUse) {
      if (this.#entries.size <= this.bounds.maxEntries && bytes <= this.bounds.maxBytes) break;
      if (key === entry.key) continue;
      this.#entries.delete(key);
      bytes -= e.entry.model.content.length;
    }
  }

  /** The keys held, sorted. */
  keys(): string[] {
    return [...this.#entries.keys()].sort();
  }

  /** Marks an entry damaged (a torn write, a bad disk block): the next get must not return it. */
  damage(key: string): void {
    const found = this.#entries.get(key);
    if (found !== undefined) found.damaged = true;
  }
}

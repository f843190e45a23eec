import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactIoError } from '../domain/errors.js';
import type { ArtifactStore, StagedArtifact } from '../ports/artifact-store.port.js';

/**
 * Keeps artifacts in memory. Staged writes (tools that write files themselves) go to a private
 * temporary folder and are read into memory on commit; `localPath` of a committed key writes
 * it out to that folder so file-reading tools can open it.
 */
export class FakeArtifactStore implements ArtifactStore {
  readonly files = new Map<string, Uint8Array>();
  /** Keys whose next write fails (once each), to test partial failures. */
  readonly failNextWrite = new Set<string>();
  #dir: string | undefined;
  #seq = 0;

  async write(key: string, content: Uint8Array | string): Promise<void> {
    checkKey(key);
    this.#failIfAsked(key);
    this.files.set(
      key,
      typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content),
    );
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    const content = this.files.get(key);
    // a copy, as a file read gives: the caller may change it
    return content === undefined ? undefined : new Uint8Array(content);
  }

  async list(prefix: string): Promise<readonly string[]> {
    checkKey(prefix);
    const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    return [...this.files.keys()].filter((k) => k.startsWith(folder)).sort();
  }

  async exists(key: string): Promise<boolean> {
    return this.files.has(key);
  }

  async remove(key: string): Promise<void> {
    checkKey(key);
    this.files.delete(key);
    for (const k of await this.list(key)) this.files.delete(k);
  }

  async stage(key: string): Promise<StagedArtifact> {
    checkKey(key);
    const localPath = join(await this.#tempDir(), `staged-${this.#seq++}`);
    return {
      key,
      localPath,
      commit: async () => {
        this.#failIfAsked(key);
        this.files.set(key, new Uint8Array(await readFile(localPath)));
        await rm(localPath, { force: true });
      },
      discard: async () => {
        await rm(localPath, { force: true });
      },
    };
  }

  async localPath(key: string): Promise<string | undefined> {
    const content = this.files.get(key);
    if (content === undefined) return undefined;
    const path = join(await this.#tempDir(), `read-${this.#seq++}-${key.replaceAll('/', '_')}`);
    await writeFile(path, content);
    return path;
  }

  /** Removes the temporary folder. */
  async dispose(): Promise<void> {
    if (this.#dir !== undefined) await rm(this.#dir, { recursive: true, force: true });
  }

  #failIfAsked(key: string): void {
    if (this.failNextWrite.delete(key))
      throw new ArtifactIoError(`cannot write ${key} (injected failure)`, { transient: false });
  }

  async #tempDir(): Promise<string> {
    this.#dir ??= await mkdtemp(join(tmpdir(), 'cbi-fake-artifacts-'));
    return this.#dir;
  }
}

/** Keys stay inside the store, as they stay inside the home of the fs store. */
function checkKey(key: string): void {
  if (key.split('/').includes('..')) throw new ArtifactIoError(`artifact key ${key} leaves the store`);
}

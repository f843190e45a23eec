import type { HomeFile } from '../domain/housekeeping/retention.js';
import type { HomeDisk } from '../ports/home-disk.port.js';

/** An in-memory home: files with a size, a time and (optionally) text; free space is set by the test. */
export class FakeHomeDisk implements HomeDisk {
  readonly #files = new Map<string, { modifiedAt: Date; content: Uint8Array }>();
  free = 100 * 1024 ** 3;

  /** Adds (or replaces) a file. */
  put(key: string, content: string | Uint8Array, modifiedAt: Date): void {
    this.#files.set(key, {
      modifiedAt,
      content: typeof content === 'string' ? new TextEncoder().encode(content) : content,
    });
  }

  /** The keys there, sorted. */
  keys(): string[] {
    return [...this.#files.keys()].sort();
  }

  text(key: string): string | undefined {
    const file = this.#files.get(key);
    return file === undefined ? undefined : new TextDecoder().decode(file.content);
  }

  async files(folders: readonly string[]): Promise<readonly HomeFile[]> {
    return this.keys()
      .filter((key) => folders.some((folder) => key.startsWith(`${folder}/`)))
      .map((key) => {
        const file = this.#files.get(key);
        return { key, bytes: file?.content.length ?? 0, modifiedAt: file?.modifiedAt ?? new Date(0) };
      });
  }

  async remove(key: string): Promise<void> {
    for (const existing of this.keys())
      if (existing === key || existing.startsWith(`${key}/`)) this.#files.delete(existing);
  }

  async keepTail(key: string, bytes: number): Promise<void> {
    const file = this.#files.get(key);
    if (file === undefined || file.content.length <= bytes) return;
    const tail = file.content.subarray(file.content.length - bytes);
    const newline = tail.indexOf(0x0a);
    this.#files.set(key, { ...file, content: newline < 0 ? tail : tail.subarray(newline + 1) });
  }

  async freeBytes(): Promise<number> {
    return this.free;
  }
}

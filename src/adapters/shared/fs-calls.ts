import type * as NodeFs from 'node:fs';

// The file calls of the modules `cbi watchdog` and `cbi status` load, as promises over Node's
// callback API: `node:fs/promises` (and any ES import of `node:fs`, whose facade reads every
// export, `promises` too) loads Node's streams, readline and REPL history on every start, about
// 3 ms of CPU out of a bare node's 80 (bench/cli-startup.bench.mjs). Node 22.0 to 22.2 lack
// getBuiltinModule: there the ES import is all there is. Other adapters may use node:fs/promises.
const fs: typeof NodeFs =
  typeof process.getBuiltinModule === 'function'
    ? process.getBuiltinModule('node:fs')
    : await import('node:fs');

export const constants = fs.constants;

type Done<T> = (error: NodeJS.ErrnoException | null, value: T) => void;

function promised<T>(call: (done: Done<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    call((error, value) => {
      if (error) reject(error);
      else resolve(value);
    });
  });
}

function settled(call: (done: (error: NodeJS.ErrnoException | null) => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    call((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

export function readFile(path: string): Promise<Buffer>;
export function readFile(path: string, encoding: BufferEncoding): Promise<string>;
export function readFile(path: string, encoding?: BufferEncoding): Promise<Buffer | string> {
  return encoding === undefined
    ? promised<Buffer>((done) => fs.readFile(path, done))
    : promised<string>((done) => fs.readFile(path, encoding, done));
}

export function writeFile(path: string, data: string | Uint8Array): Promise<void> {
  return settled((done) => fs.writeFile(path, data, done));
}

export function appendFile(path: string, data: string): Promise<void> {
  return settled((done) => fs.appendFile(path, data, done));
}

export function readdir(path: string): Promise<string[]>;
export function readdir(path: string, options: { withFileTypes: true }): Promise<NodeFs.Dirent[]>;
export function readdir(
  path: string,
  options?: { withFileTypes: true },
): Promise<string[] | NodeFs.Dirent[]> {
  return options === undefined
    ? promised<string[]>((done) => fs.readdir(path, done))
    : promised<NodeFs.Dirent[]>((done) => fs.readdir(path, options, done));
}

export function mkdir(path: string, options?: { recursive?: boolean }): Promise<void> {
  return settled((done) => fs.mkdir(path, options ?? {}, (error) => done(error)));
}

export function stat(path: string): Promise<NodeFs.Stats> {
  return promised<NodeFs.Stats>((done) => fs.stat(path, done));
}

export function statfs(path: string): Promise<NodeFs.StatsFs> {
  return promised<NodeFs.StatsFs>((done) => fs.statfs(path, done));
}

export function access(path: string, mode?: number): Promise<void> {
  return settled((done) => fs.access(path, mode ?? fs.constants.F_OK, done));
}

export function rename(from: string, to: string): Promise<void> {
  return settled((done) => fs.rename(from, to, done));
}

export function link(existing: string, path: string): Promise<void> {
  return settled((done) => fs.link(existing, path, done));
}

export function rm(path: string, options?: NodeFs.RmOptions): Promise<void> {
  return settled((done) => fs.rm(path, options ?? {}, done));
}

export function rmdir(path: string): Promise<void> {
  return settled((done) => fs.rmdir(path, done));
}

export function unlink(path: string): Promise<void> {
  return settled((done) => fs.unlink(path, done));
}

/** An open file, by its descriptor (the calls of Node's FileHandle that the adapters use). */
export class OpenFile {
  constructor(readonly fd: number) {}

  /** Writes all of `data` from the file's start. */
  writeFile(data: string | Uint8Array): Promise<void> {
    return settled((done) => fs.writeFile(this.fd, data, done));
  }

  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return promised<number>((done) => fs.write(this.fd, buffer, offset, length, position, done));
  }

  async read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ readonly bytesRead: number }> {
    const bytesRead = await promised<number>((done) =>
      fs.read(this.fd, buffer, offset, length, position, done),
    );
    return { bytesRead };
  }

  stat(): Promise<NodeFs.Stats> {
    return promised<NodeFs.Stats>((done) => fs.fstat(this.fd, done));
  }

  truncate(length: number): Promise<void> {
    return settled((done) => fs.ftruncate(this.fd, length, done));
  }

  sync(): Promise<void> {
    return settled((done) => fs.fsync(this.fd, done));
  }

  close(): Promise<void> {
    return settled((done) => fs.close(this.fd, done));
  }
}

export async function open(path: string, flags: string): Promise<OpenFile> {
  return new OpenFile(await promised<number>((done) => fs.open(path, flags, done)));
}

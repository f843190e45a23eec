// fs's CommonJS exports: an ES import of node:fs would load fs/promises and the streams (app/node-fs.ts)
const { writeSync } =
  typeof process.getBuiltinModule === 'function'
    ? process.getBuiltinModule('node:fs')
    : await import('node:fs');

/** What a command writes its output to (a stream of the process, or a test's buffer). */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/**
 * One of the process's own descriptors (1, 2), written with plain write(2) calls. Node's
 * `process.stdout` costs about 4 ms of CPU to make (the streams modules: a twentieth of a bare
 * node's start, bench/cli-startup.bench.mjs), which the hourly commands, writing one line, do not
 * need. The stream is made only when it is: asked whether it is a terminal, or a write that
 * cannot finish now (a full non-blocking pipe), after which every write goes through it, in order.
 * A reader gone away (EPIPE, `cbi status | head -1`) ends the output without an error.
 */
export function fdOutput(fd: number, stream: () => NodeJS.WriteStream): CliOutput {
  let through: NodeJS.WriteStream | undefined;
  let closed = false;
  return {
    write(text: string): boolean {
      if (through !== undefined) return through.write(text);
      if (closed) return false;
      const bytes = Buffer.from(text, 'utf8');
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset, bytes.length - offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') {
            closed = true;
            return false;
          }
          if (code !== 'EAGAIN') throw error;
          through = stream();
          return through.write(bytes.subarray(offset));
        }
      }
      return true;
    },
    get isTTY(): boolean | undefined {
      through ??= stream();
      return through.isTTY;
    },
  };
}

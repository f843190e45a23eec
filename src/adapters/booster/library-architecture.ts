import { closeSync, openSync, readSync } from 'node:fs';

/** ELF e_machine values, as Node names the architecture (process.arch). */
const ELF_MACHINES: Readonly<Record<number, string>> = {
  3: 'ia32',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  40: 'arm',
  62: 'x64',
  183: 'arm64',
  243: 'riscv64',
};

/** Mach-O cputype values (CPU_TYPE_*, with the 64-bit flag where it has one). */
const MACH_CPU_TYPES: Readonly<Record<number, string>> = {
  7: 'ia32',
  0x01000007: 'x64',
  12: 'arm',
  0x0100000c: 'arm64',
  18: 'ppc',
  0x01000012: 'ppc64',
};

const HEADER_BYTES = 4096;

/**
 * The CPU architectures a shared library is built for, in Node's names (`x64`, `arm64`, ...),
 * read from its header: ELF, Mach-O, or a universal (fat) Mach-O holding several. Empty when
 * the file is none of these or cannot be read: then dlopen has the last word.
 */
export function libraryArchitectures(path: string): string[] {
  const header = readHeader(path);
  if (header === undefined || header.length < 8) return [];
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (view.getUint32(0, false) === 0x7f454c46) {
    if (header.length < 20) return [];
    const littleEndian = header[5] === 1;
    return nameOf(ELF_MACHINES, view.getUint16(18, littleEndian));
  }
  const magicLe = view.getUint32(0, true);
  if (magicLe === 0xfeedfacf || magicLe === 0xfeedface)
    return nameOf(MACH_CPU_TYPES, view.getInt32(4, true) >>> 0);
  const magicBe = view.getUint32(0, false);
  if (magicBe === 0xcafebabe || magicBe === 0xcafebabf) {
    const entrySize = magicBe === 0xcafebabf ? 32 : 20;
    const count = view.getUint32(4, false);
    const names: string[] = [];
    for (let i = 0; i < count && 8 + (i + 1) * entrySize <= header.length; i += 1) {
      names.push(...nameOf(MACH_CPU_TYPES, view.getUint32(8 + i * entrySize, false)));
    }
    return names;
  }
  return [];
}

function nameOf(table: Readonly<Record<number, string>>, code: number): string[] {
  return [table[code] ?? `unknown (${code})`];
}

function readHeader(path: string): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = new Uint8Array(HEADER_BYTES);
    const read = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

import { createHash } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceInvalidError, SourceUnavailableError } from '../../domain/errors.js';
import { isHorizon } from '../../domain/horizon.js';
import { SURFACE } from '../../domain/layout.js';
import type { TableFile } from '../../domain/data/table-file.js';
import type { TableSource } from '../../ports/table-source.port.js';
import { errnoCode } from '../shared/node-errors.js';

export interface ParquetDirSettings {
  /** The folder holding `zl_training_prod_allhistory_<h>.parquet` files. */
  readonly dir: string;
}

const FILE_NAME = new RegExp(`^zl_training_${SURFACE}_allhistory_([0-9]+[wm])\\.parquet$`);
const MAGIC = 'PAR1';

/**
 * The user's training tables from a folder of Parquet files named as the seed names its tables.
 * Each file is checked to be Parquet (its `PAR1` head and tail: a half-copied file is refused
 * with its name) and hashed; other files in the folder are ignored.
 */
export class ParquetDirTableSource implements TableSource {
  constructor(private readonly settings: ParquetDirSettings) {}

  describe(): string {
    return this.settings.dir;
  }

  async list(signal?: AbortSignal): Promise<readonly TableFile[]> {
    let names: string[];
    try {
      names = await readdir(this.settings.dir);
    } catch (cause) {
      throw new SourceUnavailableError(
        errnoCode(cause) === 'ENOENT'
          ? `the tables folder ${this.settings.dir} does not exist`
          : `cannot read the tables folder ${this.settings.dir}`,
        { cause, hint: 'check source.dir (CBI_SOURCE_DIR)' },
      );
    }
    const files: TableFile[] = [];
    for (const name of names.sort()) {
      if (signal?.aborted === true) throw signal.reason;
      const horizon = FILE_NAME.exec(name)?.[1];
      if (horizon === undefined || !isHorizon(horizon)) continue;
      files.push({
        horizon,
        name,
        path: join(this.settings.dir, name),
        ...(await inspect(this.settings.dir, name)),
      });
    }
    if (files.length === 0) {
      throw new SourceUnavailableError(
        `the tables folder ${this.settings.dir} holds no zl_training_${SURFACE}_allhistory_<h>.parquet file`,
        {
          hint: 'point source.dir at the folder of the exported training tables',
        },
      );
    }
    return files;
  }
}

async function inspect(dir: string, name: string): Promise<{ fileHash: string; bytes: number }> {
  const handle = await open(join(dir, name), 'r');
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false })) {
      const buffer = chunk instanceof Buffer ? chunk : Buffer.from(String(chunk));
      bytes += buffer.length;
      hash.update(buffer);
    }
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    if (bytes >= 8) {
      await handle.read(head, 0, 4, 0);
      await handle.read(tail, 0, 4, bytes - 4);
    }
    if (head.toString('latin1') !== MAGIC || tail.toString('latin1') !== MAGIC) {
      throw new SourceInvalidError(`${name} is not a complete Parquet file (no PAR1 at its start and end)`, {
        hint: 'export the table again: the file is cut off or not Parquet',
      });
    }
    return { fileHash: hash.digest('hex'), bytes };
  } finally {
    await handle.close();
  }
}

import type { Horizon } from '../horizon.js';

/** A user's training table for one horizon, as a file the warehouse loads as it is. */
export interface TableFile {
  readonly horizon: Horizon;
  /** The file name (`zl_training_prod_allhistory_<h>.parquet`). */
  readonly name: string;
  /** A local path the loader reads. */
  readonly path: string;
  /** sha256 of the file, hex. */
  readonly fileHash: string;
  readonly bytes: number;
}

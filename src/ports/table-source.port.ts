import type { ServiceIdentifier } from 'inversify';
import type { TableFile } from '../domain/data/table-file.js';

/**
 * Where the user's own training tables come from: a folder of Parquet files named as the seed
 * names its tables (`zl_training_prod_allhistory_<h>.parquet`), CBI-V14's production tables
 * being the example. Errors: SourceUnavailableError (the folder is missing or unreadable),
 * SourceInvalidError (a file named like a table is not Parquet; names the file).
 */
export interface TableSource {
  /** The table files present, one per horizon that has one, validated and hashed. */
  list(signal?: AbortSignal): Promise<readonly TableFile[]>;
  /** Where tables come from, for logs and the stage details. */
  describe(): string;
}

export const TABLE_SOURCE: ServiceIdentifier<TableSource> = Symbol.for('cbi.TableSource');

import { join } from 'node:path';
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { CLOCK, type Clock } from '../../../ports/clock.port.js';
import { LOGGER, type Logger } from '../../../ports/logger.port.js';
import { SERIES_SOURCE } from '../../../ports/series-source.port.js';
import { STAGE_SCOPE, type StageScope } from '../../../ports/stage-scope.port.js';
import { TABLE_SOURCE } from '../../../ports/table-source.port.js';
import { WAREHOUSE_LOADER, type WarehouseLoader } from '../../../ports/warehouse-loader.port.js';
import { WAREHOUSE, type Warehouse } from '../../../ports/warehouse.port.js';
import type { Config } from '../../config/config-schema.js';
import type { SetAsideFile } from '../../../domain/night/run.js';
import { SET_ASIDE_FILES } from '../tokens.js';
import { byWarehouseKind } from '../../config/warehouse-kind.js';

/** Where downloaded FRED files are cached, relative to the home. */
export const FRED_CACHE_FOLDER = 'TrainingData/sources/fred';

/** Retry wait of the FRED download before its second attempt (doubles per attempt). */
const FRED_RETRY_DELAY_MS = 2_000;

interface EmbeddedWarehouse extends Warehouse, WarehouseLoader {
  close(): void;
}

interface RemoteWarehouse extends Warehouse {
  close(): Promise<void>;
}

/** The BigQuery warehouse, closed (its gRPC channel) when the run's container goes. */
const BIGQUERY: ServiceIdentifier<RemoteWarehouse> = Symbol.for('cbi.BigQueryWarehouse');

/** One DuckDB instance serves both WAREHOUSE and WAREHOUSE_LOADER. */
const DUCKDB: ServiceIdentifier<EmbeddedWarehouse> = Symbol.for('cbi.DuckDbWarehouse');

/**
 * The warehouse (DuckDB, or BigQuery with `warehouse.kind` "bigquery") and, for the embedded DuckDB default, its loader and its source (FRED series, or
 * the user's own Parquet tables with `source.kind` "tables"). Adapters
 * are imported when first resolved, so commands that never touch the warehouse never load DuckDB.
 * Resolve with `await container.getAsync(WAREHOUSE)`.
 */
export function warehouseModule(config: Config): ContainerModule {
  return new ContainerModule((options) => {
    byWarehouseKind(config.warehouse, {
      duckdb: (warehouse) => {
        options
          .bind(DUCKDB)
          .toResolvedValue(
            async (logger: Logger, setAside: SetAsideFile[] | undefined) => {
              const { DuckDbWarehouse } = await import('../../../adapters/duckdb/duckdb-warehouse.js');
              const opened = await DuckDbWarehouse.open(
                {
                  path: warehouse.path,
                  threads: config.training.threads > 0 ? config.training.threads : undefined,
                },
                logger,
              );
              // a run records it and tells a person (run-nightly); outside a run the log has it
              if (opened.setAside !== null) setAside?.push(opened.setAside);
              return opened;
            },
            [LOGGER, { serviceIdentifier: SET_ASIDE_FILES, optional: true }],
          )
          .inSingletonScope()
          .onDeactivation((opened) => opened.close());
        options.bind(WAREHOUSE).toService(DUCKDB);
        options.bind(WAREHOUSE_LOADER).toService(DUCKDB);
      },
      bigquery: (warehouse) => {
        options
          .bind(BIGQUERY)
          .toResolvedValue(
            async (logger: Logger, clock: Clock, scope: StageScope | undefined) => {
              const { BigQueryWarehouse } = await import('../../../adapters/bigquery/bigquery-warehouse.js');
              // the training tables are the user's own, any schema: the same column roles as the embedded loader's
              return BigQueryWarehouse.open(
                { ...warehouse, roles: config.source.columns },
                { logger, clock, scope },
              );
            },
            [LOGGER, CLOCK, { serviceIdentifier: STAGE_SCOPE, optional: true }],
          )
          .inSingletonScope()
          .onDeactivation((opened) => opened.close());
        options.bind(WAREHOUSE).toService(BIGQUERY);
      },
    });
    const tablesDir = config.source.kind === 'tables' ? config.source.dir : undefined;
    if (tablesDir !== undefined) {
      options.bind(TABLE_SOURCE).toResolvedValue(async () => {
        const { ParquetDirTableSource } =
          await import('../../../adapters/parquet/parquet-dir-table-source.js');
        return new ParquetDirTableSource({ dir: tablesDir });
      });
    }
    options
      .bind(SERIES_SOURCE)
      .toResolvedValue(
        async (clock: Clock, logger: Logger) => {
          const { FredSeriesSource } = await import('../../../adapters/fred/fred-series-source.js');
          const source = config.source;
          return new FredSeriesSource(
            {
              dir: source.dir,
              baseUrl: source.baseUrl,
              cacheDir: join(config.home, FRED_CACHE_FOLDER),
              timeoutMs: source.timeoutMs,
              attempts: source.attempts,
              retryDelayMs: FRED_RETRY_DELAY_MS,
            },
            clock,
            logger,
          );
        },
        [CLOCK, LOGGER],
      )
      .inSingletonScope();
  });
}

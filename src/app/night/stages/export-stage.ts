import type { ExportDetails, ExportedTable } from '../../../domain/night/stage-details.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CbiError, WarehouseQueryError, summarizeError } from '../../../domain/errors.js';
import { horizonPeriods, type Frequency, type Horizon } from '../../../domain/horizon.js';
import { SURFACE, exportKey, exportManifestKey } from '../../../domain/layout.js';
import type { ExportSummary, TrainingTableInfo } from '../../../domain/data/warehouse-types.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { loadTables, refreshWarehouse, type TablesRefresh, type WarehouseRefresh } from './export-refresh.js';
import { readManifestColumns, schemaChanges } from './export-schema.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';

export type { TablesRefresh, WarehouseRefresh };

export interface ExportStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly clock: Clock;
  /** Set for the embedded warehouse built from series: ingest the series and rebuild the tables first. */
  readonly refresh?: WarehouseRefresh | undefined;
  /** Set for the embedded warehouse holding the user's own tables: load the files first. */
  readonly tables?: TablesRefresh | undefined;
}

/** The manifest written next to each export (`<file>.manifest.json`). */
export interface ExportManifest {
  readonly schema_version: 1;
  readonly run_id: string;
  readonly exported_at: string;
  readonly horizon: Horizon;
  readonly surface: string;
  readonly table: string;
  readonly file: string;
  readonly format: ExportSummary['format'];
  readonly query: string;
  readonly rows: number;
  readonly columns: ExportSummary['columns'];
  readonly first_date: string | null;
  readonly last_date: string | null;
  /** sha256 of the exported file, hex. */
  readonly content_hash: string;
  readonly bytes: number;
  readonly frequency: Frequency;
  readonly periods: number;
  /** Horizons the data's frequency supports, and those it does not (with the reason). */
  readonly supported_horizons: readonly Horizon[];
  readonly unsupported_horizons: readonly { readonly horizon: Horizon; readonly reason: string }[];
}

/**
 * The export stage: (embedded warehouse only) ingests every configured series and rebuilds the
 * training tables, then writes each horizon's table to
 * `TrainingData/exports/zl_training_prod_allhistory_<h>.parquet` with its manifest. Each
 * file is staged and committed on its own, so a failure on one horizon leaves the exports
 * already written (tonight's and earlier nights') untouched. Horizons the data's frequency
 * cannot express are reported as skipped, never faked.
 */
export function createExportStage(deps: ExportStageDeps): StageBody<'export'> {
  return async (context: StageContext): Promise<StageResult<ExportDetails>> => {
    let refresh: ExportDetails['refresh'];
    if (deps.refresh) refresh = await refreshWarehouse(deps.refresh, deps.clock, deps.artifacts, context);
    if (deps.tables) refresh = await loadTables(deps.tables, context);
    const tables = await deps.warehouse.trainingTables();
    const frequency = tables[0]?.frequency;
    if (frequency === undefined) {
      throw new WarehouseQueryError('the warehouse holds no training table', {
        hint: 'check the warehouse config (or the source for the embedded one)',
      });
    }
    // a horizon the data's frequency cannot express, or without a table (a folder of the user's
    // tables lacking that file), is reported as skipped, never faked
    const unsupported = context.horizons.flatMap((horizon) =>
      horizonPeriods(horizon, frequency) === undefined
        ? [{ horizon, reason: `not supported at ${frequency} resolution` }]
        : tables.some((t) => t.horizon === horizon)
          ? []
          : [{ horizon, reason: 'the warehouse holds no training table for it' }],
    );
    const supported = context.horizons.filter((h) => !unsupported.some((u) => u.horizon === h));
    const exports: Partial<Record<Horizon, ExportedTable>> = {};
    for (const horizon of supported) {
      if (context.signal.aborted) throw context.signal.reason;
      const info = tables.find((t) => t.horizon === horizon);
      if (info === undefined)
        throw new WarehouseQueryError(`no training table for horizon ${horizon}`, {
          hint: 'the warehouse lacks it; rebuild the training tables',
        });
      const previous = await readManifestColumns(deps.artifacts, horizon);
      const manifest = await exportOne(deps, context, info, { supported, unsupported });
      const changes = schemaChanges(previous, manifest.columns);
      if (changes !== undefined)
        context.logger.warn('training table columns changed since the last export', { horizon, ...changes });
      exports[horizon] = {
        file: manifest.file,
        rows: manifest.rows,
        columns: manifest.columns.length,
        first_date: manifest.first_date,
        last_date: manifest.last_date,
        content_hash: manifest.content_hash,
        ...(changes === undefined ? {} : { schema_changes: changes }),
      };
      context.logger.info('training table exported', {
        horizon,
        file: manifest.file,
        rows: manifest.rows,
        bytes: manifest.bytes,
      });
    }
    return {
      status: 'succeeded',
      details: {
        ...(refresh === undefined ? {} : { refresh }),
        frequency,
        supported_horizons: supported,
        skipped: unsupported,
        exports,
      },
    };
  };
}

async function exportOne(
  deps: ExportStageDeps,
  context: StageContext,
  info: TrainingTableInfo,
  horizons: {
    readonly supported: readonly Horizon[];
    readonly unsupported: ExportManifest['unsupported_horizons'];
  },
): Promise<ExportManifest> {
  const key = exportKey(info.horizon);
  const staged = await deps.artifacts.stage(key);
  let manifest: ExportManifest;
  try {
    const summary = await deps.warehouse.exportTrainingTable(info.horizon, staged);
    const { hash, bytes } = await fileHash(staged.localPath);
    manifest = {
      schema_version: 1,
      run_id: context.runId,
      exported_at: deps.clock.now().toISOString(),
      horizon: info.horizon,
      surface: SURFACE,
      table: summary.table,
      file: key,
      format: summary.format,
      query: summary.query,
      rows: summary.rows,
      columns: summary.columns,
      first_date: summary.firstDate,
      last_date: summary.lastDate,
      content_hash: hash,
      bytes,
      frequency: info.frequency,
      periods: info.periods,
      supported_horizons: horizons.supported,
      unsupported_horizons: horizons.unsupported,
    };
    await staged.commit();
  } catch (error) {
    await staged
      .discard()
      .catch((cause: unknown) =>
        context.logger.warn('cannot remove a staged export', { key, error: summarizeError(cause).message }),
      );
    throw error;
  }
  // the Parquet file first: a crash in between leaves a manifest whose hash no longer matches (detectable), never a half file
  await deps.artifacts.write(exportManifestKey(info.horizon), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function fileHash(path: string): Promise<{ hash: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const buffer = chunk instanceof Buffer ? chunk : Buffer.from(String(chunk));
      bytes += buffer.length;
      hash.update(buffer);
    }
  } catch (cause) {
    if (cause instanceof CbiError) throw cause;
    throw new WarehouseQueryError(`the export wrote no readable file at ${path}`, { cause });
  }
  return { hash: hash.digest('hex'), bytes };
}

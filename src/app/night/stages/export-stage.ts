import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CbiError, DataQualityError, WarehouseQueryError, summarizeError } from '../../../domain/errors.js';
import type { QualityReport } from '../../../domain/data/quality-report.js';
import { evaluateQuality } from '../../../domain/data/quality-rules.js';
import type { QualitySettings } from '../../../domain/data/quality-settings.js';
import { horizonPeriods, type Frequency, type Horizon } from '../../../domain/horizon.js';
import { SURFACE, exportKey, exportManifestKey } from '../../../domain/layout.js';
import type { Series } from '../../../domain/data/series.js';
import type { TrainingSpec } from '../../../domain/data/training-features.js';
import type { ExportSummary, TrainingTableInfo } from '../../../domain/data/warehouse-types.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { SeriesSource } from '../../../ports/series-source.port.js';
import type { RefreshGate, RefreshOutcome, WarehouseLoader } from '../../../ports/warehouse-loader.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { qualityFailure, writeQualityReport } from './quality-verdict.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';

/** Filling a warehouse we own (the embedded DuckDB) before exporting from it. */
export interface WarehouseRefresh {
  readonly source: SeriesSource;
  readonly loader: WarehouseLoader;
  readonly spec: TrainingSpec;
  /**
   * When set, the rebuilt tables must pass the quality gate's blocking rules before the
   * refresh is committed: bad source data fails the export and the warehouse keeps its
   * previous data (the quality stage judges the same tables again afterwards).
   */
  readonly quality?: QualitySettings | undefined;
}

export interface ExportStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly clock: Clock;
  /** Set for the embedded warehouse: ingest the series and rebuild the tables first. */
  readonly refresh?: WarehouseRefresh | undefined;
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
export function createExportStage(deps: ExportStageDeps): StageBody {
  return async (context: StageContext): Promise<StageResult> => {
    const details: Record<string, unknown> = {};
    if (deps.refresh)
      details['refresh'] = await refreshWarehouse(deps.refresh, deps.clock, deps.artifacts, context);
    const tables = await deps.warehouse.trainingTables();
    const frequency = tables[0]?.frequency;
    if (frequency === undefined) {
      throw new WarehouseQueryError('the warehouse holds no training table', {
        hint: 'check the warehouse config (or the source for the embedded one)',
      });
    }
    const unsupported = context.horizons
      .filter((h) => horizonPeriods(h, frequency) === undefined)
      .map((horizon) => ({ horizon, reason: `not supported at ${frequency} resolution` }));
    const supported = context.horizons.filter((h) => horizonPeriods(h, frequency) !== undefined);
    const exports: Record<string, unknown> = {};
    for (const horizon of supported) {
      if (context.signal.aborted) throw context.signal.reason;
      const info = tables.find((t) => t.horizon === horizon);
      if (info === undefined)
        throw new WarehouseQueryError(`no training table for horizon ${horizon}`, {
          hint: 'the warehouse lacks it; rebuild the training tables',
        });
      const manifest = await exportOne(deps, context, info, { supported, unsupported });
      exports[horizon] = {
        file: manifest.file,
        rows: manifest.rows,
        first_date: manifest.first_date,
        last_date: manifest.last_date,
        content_hash: manifest.content_hash,
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
      details: { ...details, frequency, supported_horizons: supported, skipped: unsupported, exports },
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

async function refreshWarehouse(
  refresh: WarehouseRefresh,
  clock: Clock,
  artifacts: ArtifactStore,
  context: StageContext,
): Promise<Record<string, unknown>> {
  const ids = [refresh.spec.target, ...refresh.spec.drivers.filter((d) => d !== refresh.spec.target)];
  // every series is read and validated before anything is ingested: one bad file changes nothing
  const series: Series[] = [];
  for (const id of ids) {
    if (context.signal.aborted) throw context.signal.reason;
    series.push(await refresh.source.fetch(id, context.signal));
  }
  const now = clock.now();
  const settings = refresh.quality;
  let reports: readonly QualityReport[] = [];
  const gate: RefreshGate | undefined =
    settings === undefined
      ? undefined
      : {
          profile: { sentinels: settings.sentinels, maxLeakageLead: settings.leakageMaxLead },
          judge: (profiles) => {
            reports = profiles.map((profile) => evaluateQuality(profile, settings, now));
            return qualityFailure(reports, '; the warehouse keeps its previous data');
          },
        };
  let refreshed: RefreshOutcome;
  try {
    refreshed = await refresh.loader.refresh(series, refresh.spec, { now, gate });
  } catch (error) {
    if (error instanceof DataQualityError && reports.length > 0) {
      await writeQualityReport(artifacts, {
        runId: context.runId,
        checkedAt: now.toISOString(),
        reports,
        skipped: [],
      });
    }
    throw error;
  }
  const { outcomes, tables } = refreshed;
  const changed = outcomes.filter((o) => o.changed).map((o) => o.record.seriesId);
  context.logger.info('embedded warehouse refreshed', {
    source: refresh.source.describe(),
    series: outcomes.length,
    changed: changed.length,
    tables: tables.length,
  });
  return {
    source: refresh.source.describe(),
    series: outcomes.length,
    changed,
    ingest: Object.fromEntries(
      outcomes.map((o) => [
        o.record.seriesId,
        {
          rows: o.record.rows,
          first_date: o.record.firstDate,
          last_date: o.record.lastDate,
          file_hash: o.record.fileHash,
        },
      ]),
    ),
    tables: tables.map((t) => t.table),
  };
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

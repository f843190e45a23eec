import { DataQualityError } from '../../../domain/errors.js';
import type { QualityReport } from '../../../domain/data/quality-report.js';
import type { QualitySettings } from '../../../domain/data/quality-settings.js';
import type { Series } from '../../../domain/data/series.js';
import { DEFAULT_ROLE_SETTINGS, type RoleSettings } from '../../../domain/data/table-roles.js';
import { unfilledRoles, type TrainingSpec } from '../../../domain/data/training-features.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { SeriesSource } from '../../../ports/series-source.port.js';
import type { TableSource } from '../../../ports/table-source.port.js';
import type { RefreshGate, RefreshOutcome, WarehouseLoader } from '../../../ports/warehouse-loader.port.js';
import { auditArrowTable } from '../table/audit-horizon.js';
import type { TablesRefreshDetails, WarehouseRefreshDetails } from '../../../domain/night/stage-details.js';
import type { StageContext } from '../stage.js';
import { qualityFailure, writeQualityReport } from './quality-verdict.js';

/** Filling a warehouse we own (the embedded DuckDB) from series before exporting from it. */
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
  /** How the built tables' columns get their roles (default: the seed's names). */
  readonly roles?: RoleSettings | undefined;
}

/** Filling the embedded warehouse with the user's own training tables, as they are. */
export interface TablesRefresh {
  readonly source: TableSource;
  readonly loader: WarehouseLoader;
  readonly roles: RoleSettings;
}

/**
 * Reads and validates every series (one bad file changes nothing), then ingests them and
 * rebuilds the training tables in one transaction, gated by the quality rules when configured.
 * Roles of the spread, crush and yield features that no series fills are reported.
 */
export async function refreshWarehouse(
  refresh: WarehouseRefresh,
  clock: Clock,
  artifacts: ArtifactStore,
  context: StageContext,
): Promise<WarehouseRefreshDetails> {
  const ids = [refresh.spec.target, ...refresh.spec.drivers.filter((d) => d !== refresh.spec.target)];
  const series: Series[] = [];
  for (const id of ids) {
    if (context.signal.aborted) throw context.signal.reason;
    series.push(await refresh.source.fetch(id, context.signal));
  }
  const unfilled = unfilledRoles(refresh.spec);
  for (const { role, series: id } of unfilled)
    context.logger.warn('feature role unfilled: its features are not built', {
      role,
      series: id,
      hint: `set source.roles.${role} to a driver's series id`,
    });
  const now = clock.now();
  const quality = refresh.quality;
  let reports: readonly QualityReport[] = [];
  const gate: RefreshGate | undefined =
    quality === undefined
      ? undefined
      : {
          judge: (tables) => {
            const settings = { quality, roles: refresh.roles ?? DEFAULT_ROLE_SETTINGS };
            reports = tables.map(
              ({ info, table }) => auditArrowTable(info, table, settings, now).audit.report,
            );
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
    frequency: tables[0]?.frequency ?? null,
    unfilled_roles: unfilled,
  };
}

/** Loads the user's training tables as they are: the quality stage judges them next. */
export async function loadTables(
  refresh: TablesRefresh,
  context: StageContext,
): Promise<TablesRefreshDetails> {
  const files = await refresh.source.list(context.signal);
  if (context.signal.aborted) throw context.signal.reason;
  const tables = await refresh.loader.loadTrainingTables(files, { roles: refresh.roles });
  context.logger.info('training tables loaded', {
    source: refresh.source.describe(),
    files: files.map((f) => f.name),
  });
  return {
    source: refresh.source.describe(),
    files: Object.fromEntries(
      files.map((f) => [f.horizon, { file: f.name, bytes: f.bytes, file_hash: f.fileHash }]),
    ),
    tables: tables.map((t) => ({ table: t.table, frequency: t.frequency, date_column: t.dateColumn })),
  };
}

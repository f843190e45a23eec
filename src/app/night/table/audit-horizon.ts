import type { Table } from 'apache-arrow';
import { WarehouseQueryError } from '../../../domain/errors.js';
import { horizonPeriods } from '../../../domain/horizon.js';
import type { QualitySettings } from '../../../domain/data/quality-settings.js';
import { auditTable, type TableAudit } from '../../../domain/data/table-audit.js';
import type { ProfileInputColumn } from '../../../domain/data/table-profile.js';
import { discoverRoles, type RoleSettings, type TableRoles } from '../../../domain/data/table-roles.js';
import type { TrainingTableInfo } from '../../../domain/data/warehouse-types.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { tableColumns } from './table-columns.js';

/** What the quality gate and the night need to read a table of any schema. */
export interface TableSettings {
  readonly quality: QualitySettings;
  readonly roles: RoleSettings;
}

/** A horizon's table with its roles and the quality gate's verdict on it. */
export interface AuditedTable {
  readonly info: TrainingTableInfo;
  readonly roles: TableRoles;
  readonly audit: TableAudit;
  readonly columns: readonly ProfileInputColumn[];
}

/**
 * Gives the table's columns their roles and audits it (pure but for the read): the quality
 * stage, training and prediction all see the same verdict on the same data. `now` is the run's
 * instant (freshness).
 */
export function auditArrowTable(
  info: TrainingTableInfo,
  table: Table,
  settings: TableSettings,
  now: Date,
): AuditedTable {
  const nominal = horizonPeriods(info.horizon, info.frequency);
  if (nominal === undefined)
    throw new WarehouseQueryError(`${info.horizon} is not supported at ${info.frequency} resolution`);
  const { schema, columns } = tableColumns(table);
  const audit = auditTable(
    {
      table: info.table,
      horizon: info.horizon,
      frequency: info.frequency,
      nominalPeriods: nominal,
      roles: discoverRoles(schema, info.horizon, settings.roles),
      columns,
    },
    settings.quality,
    now,
  );
  // the audit's roles: ids set aside from the features
  return { info, roles: audit.roles, audit, columns };
}

/** Reads the horizon's table from the warehouse and audits it. */
export async function readAuditedTable(
  warehouse: Warehouse,
  info: TrainingTableInfo,
  settings: TableSettings,
  now: Date,
): Promise<AuditedTable> {
  return auditArrowTable(info, await warehouse.readTrainingTable(info.horizon), settings, now);
}

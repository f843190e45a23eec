// Kept apart from warehouse-config.ts so code on the hourly commands' path can tell the kinds
// apart without loading zod (the config cache spares them the schemas; bench/cli-startup.bench.mjs).
import type { WarehouseConfig } from './warehouse-config.js';

/** The warehouse kinds, as the config's `warehouse.kind` names them. */
export type WarehouseKind = WarehouseConfig['kind'];

/** What to do for each kind of warehouse: one case per kind, so a new kind is a compile error here. */
export type WarehouseCases<T> = {
  readonly [K in WarehouseKind]: (warehouse: Extract<WarehouseConfig, { kind: K }>) => T;
};

/**
 * The one place that tells the warehouse kinds apart: every other place gives a case per kind,
 * and the compiler names each one that a new kind must reach.
 */
export function byWarehouseKind<T>(warehouse: WarehouseConfig, cases: WarehouseCases<T>): T {
  switch (warehouse.kind) {
    case 'duckdb':
      return cases.duckdb(warehouse);
    case 'bigquery':
      return cases.bigquery(warehouse);
  }
}

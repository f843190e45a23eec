// The training matrix of one of CBI-V14's production tables (data/cbi-v14) exactly as a night
// trains its final model on it: the table loaded into DuckDB as it is, audited by the quality gate
// (trimmed rows and untrusted targets left out, dead features dropped), categorical columns as
// codes, the label the return over the target's measured lead. Used by boosters.bench.mjs
// (`... seed 3 1 lightgbm,xgboost cbi-v14:1m`).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function cbiV14Matrix(root, dist, horizon) {
  const load = (path) => import(pathToFileURL(join(dist, path)).href);
  const { DuckDbWarehouse } = await load('adapters/duckdb/duckdb-warehouse.js');
  const { ParquetDirTableSource } = await load('adapters/parquet/parquet-dir-table-source.js');
  const { auditArrowTable } = await load('app/night/table/audit-horizon.js');
  const { trainingData, selectRows, selectValues } = await load('app/night/train/training-data.js');
  const { paramsForData } = await load('app/night/train/train-one-library.js');
  const { planWalkForward, trainingRows } = await load('domain/model/walk-forward.js');
  const { DEFAULT_QUALITY_SETTINGS } = await load('domain/data/quality-settings.js');
  const { DEFAULT_ROLE_SETTINGS } = await load('domain/data/table-roles.js');
  const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
  const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, silent);
  try {
    const files = await new ParquetDirTableSource({ dir: join(root, 'data', 'cbi-v14') }).list();
    const tables = await warehouse.loadTrainingTables(
      files.filter((f) => f.horizon === horizon),
      { roles: DEFAULT_ROLE_SETTINGS },
    );
    const info = tables[0];
    const table = await warehouse.readTrainingTable(horizon);
    const settings = { quality: DEFAULT_QUALITY_SETTINGS, roles: DEFAULT_ROLE_SETTINGS };
    const { data } = trainingData(auditArrowTable(info, table, settings, new Date('2025-11-07T05:00:00Z')));
    const plan = planWalkForward({
      dates: data.dates,
      labelKnown: data.labelKnown,
      horizonPeriods: data.lead,
      folds: 1,
      foldRows: 1,
      foldMonths: 1,
      minTrainRows: 1,
    });
    const rows = trainingRows(data.labelKnown, plan.finalTrainEnd);
    return {
      description: `CBI-V14 ${horizon} table (${rows.length} trusted rows x ${data.features.cols} features, target ${data.lead} rows ahead)`,
      features: selectRows(data.features, rows),
      labels: selectValues(data.labels, rows),
      params: (library, params) => paramsForData(library, params, data),
    };
  } finally {
    warehouse.close();
  }
}

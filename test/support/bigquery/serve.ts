/**
 * The local BigQuery as a process of its own, for benchmarks (its memory stays out of the
 * measured process). Prints `{"apiEndpoint": ..., "storageEndpoint": ...}` on one line when
 * ready, and stops when its stdin closes. Run with plain node:
 *   node --import ./bench/support/ts-hooks.mjs test/support/bigquery/serve.ts --horizons 1m --repeat 100
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBigQueryServer } from './server.js';

const { values } = parseArgs({
  options: {
    project: { type: 'string', default: 'cbi-test' },
    horizons: { type: 'string', default: '1w,1m,3m,6m,12m' },
    repeat: { type: 'string', default: '1' },
  },
});
const data = fileURLToPath(new URL('../../../data/cbi-v14/', import.meta.url));
const server = await startBigQueryServer({
  projectId: values.project,
  tables: values.horizons.split(',').map((horizon) => ({
    datasetId: 'training',
    tableId: `zl_training_prod_allhistory_${horizon}`,
    parquet: `${data}zl_training_prod_allhistory_${horizon}.parquet`,
    repeat: Number(values.repeat),
  })),
});
process.stdout.write(
  `${JSON.stringify({ apiEndpoint: server.apiEndpoint, storageEndpoint: server.storageEndpoint })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});

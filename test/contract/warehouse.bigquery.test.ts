import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll } from 'vitest';
import { BigQueryWarehouse, type BigQuerySettings } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { DEFAULT_ROLE_SETTINGS } from '../../src/domain/data/table-roles.js';
import { warehouseContract } from '../../src/testing/contracts/warehouse.contract.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import {
  CONTRACT_HORIZONS,
  cbiContractFacts,
  cbiTables,
  localSettings,
  PROJECT,
} from '../support/bigquery/cbi-project.js';
import { seedWithInserts, seedWithLoadJobs } from '../support/bigquery/seed-project.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';

/**
 * The Warehouse contract against the BigQuery adapter, three ways: a real project (when
 * CBI_TEST_BIGQUERY_PROJECT and Google credentials are present), the goccy BigQuery emulator in
 * Docker (through testcontainers), and here, always, the local server that answers the real
 * clients with Google's documented shapes. Each holds CBI-V14's real production tables.
 */

const facts = await cbiContractFacts();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function subject(warehouse: BigQueryWarehouse, training = 'training') {
  return {
    warehouse,
    horizons: CONTRACT_HORIZONS,
    ...facts,
    tableName: (h: string) => `${training}.zl_training_prod_allhistory_${h}`,
    dispose: () => warehouse.close(),
  };
}

const deps = () => ({ logger: new FakeLogger(), clock: new SystemClock() });
let predictionsDatasets = 0;
/** Each test writes into a predictions dataset of its own: the adapter creates it. */
const freshPredictions = (prefix: string): string => `${prefix}predictions_${(predictionsDatasets += 1)}`;

// --- the local server: the Storage Read API (the default read path), then REST pages
let local: Promise<BigQueryServer> | undefined;
function localServer(): Promise<BigQueryServer> {
  local ??= startBigQueryServer({ projectId: PROJECT, tables: cbiTables() }).then((server) => {
    cleanups.push(() => server.close());
    return server;
  });
  return local;
}
for (const readApi of ['storage', 'rest'] as const) {
  warehouseContract(
    `bigquery (the local server on 127.0.0.1, ${readApi === 'storage' ? 'Storage Read API, the default' : 'REST pages'})`,
    async () => {
      const server = await localServer();
      const settings = localSettings(server, {
        readApi,
        datasets: { training: 'training', predictions: freshPredictions(readApi) },
      });
      return subject(await BigQueryWarehouse.open(settings, deps()));
    },
  );
}

// --- the goccy emulator in Docker, through testcontainers
async function dockerMissing(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    const why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return `no Docker engine reachable for ghcr.io/goccy/bigquery-emulator (testcontainers: ${why})`;
  }
}
let emulator: Promise<{ apiEndpoint: string; storageEndpoint: string }> | undefined;
function emulatorProject(): Promise<{ apiEndpoint: string; storageEndpoint: string }> {
  emulator ??= (async () => {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('ghcr.io/goccy/bigquery-emulator:latest')
      .withCommand(['--project', PROJECT, '--dataset', 'training'])
      .withExposedPorts(9050, 9060)
      .withWaitStrategy(Wait.forListeningPorts())
      .start();
    cleanups.push(async () => {
      await container.stop();
    });
    const host = container.getHost();
    const apiEndpoint = `http://${host}:${container.getMappedPort(9050)}`;
    const storageEndpoint = `${host}:${container.getMappedPort(9060)}`;
    await seedWithInserts(new BigQuery({ projectId: PROJECT, apiEndpoint }), 'training', CONTRACT_HORIZONS);
    return { apiEndpoint, storageEndpoint };
  })();
  return emulator;
}
warehouseContract(
  'bigquery (the goccy emulator in Docker)',
  async () => {
    const endpoints = await emulatorProject();
    const settings: BigQuerySettings = {
      projectId: PROJECT,
      location: 'US',
      datasets: { training: 'training', predictions: freshPredictions('emulator_') },
      tableTemplate: 'zl_training_prod_allhistory_{h}',
      maximumBytesBilled: 1024 ** 3,
      readApi: 'storage',
      requestTimeoutMs: 60_000,
      queryTimeoutMs: 300_000,
      emulator: endpoints,
      roles: DEFAULT_ROLE_SETTINGS,
    };
    return subject(await BigQueryWarehouse.open(settings, deps()));
  },
  await dockerMissing(),
);

// --- a real project: scratch datasets, loaded with the Parquet files, deleted afterwards.
// Creates, in CBI_TEST_BIGQUERY_LOCATION (default US): the dataset cbi_contract_<UTC time>_training
// with CBI-V14's 1m, 3m, 6m and 12m tables (Parquet load jobs, free), and for each test a
// dataset cbi_contract_<UTC time>_predictions_<n> that the adapter makes (its tables and views).
// Deletes, after the suite, every dataset whose name starts with cbi_contract_<UTC time>_ (with
// its tables), and nothing else. Bills a few queries of at least 10 MB each.
const realProjectId = process.env['CBI_TEST_BIGQUERY_PROJECT'];
const realLocation = process.env['CBI_TEST_BIGQUERY_LOCATION'] ?? 'US';
const hasCredentials =
  process.env['GOOGLE_APPLICATION_CREDENTIALS'] !== undefined ||
  existsSync(join(homedir(), '.config', 'gcloud', 'application_default_credentials.json'));
const realSkip =
  realProjectId === undefined
    ? 'CBI_TEST_BIGQUERY_PROJECT is not set'
    : hasCredentials
      ? undefined
      : 'no Google credentials (GOOGLE_APPLICATION_CREDENTIALS or gcloud auth application-default login)';
const scratch = `cbi_contract_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_`;
let real: Promise<BigQuery> | undefined;
function realProject(projectId: string): Promise<BigQuery> {
  real ??= (async () => {
    const client = new BigQuery({ projectId, location: realLocation });
    await client.createDataset(`${scratch}training`, { location: realLocation });
    cleanups.push(async () => {
      const [datasets] = await client.getDatasets();
      for (const dataset of datasets.filter((d) => d.id?.startsWith(scratch)))
        await dataset.delete({ force: true });
    });
    await seedWithLoadJobs(client, `${scratch}training`, CONTRACT_HORIZONS);
    return client;
  })();
  return real;
}
warehouseContract(
  `bigquery (a real project, CBI_TEST_BIGQUERY_PROJECT)`,
  async () => {
    const projectId = realProjectId ?? '';
    await realProject(projectId);
    // no location: the adapter reads the scratch training dataset's, as a real project's night does
    const settings: BigQuerySettings = {
      projectId,
      datasets: { training: `${scratch}training`, predictions: freshPredictions(scratch) },
      tableTemplate: 'zl_training_prod_allhistory_{h}',
      maximumBytesBilled: 1024 ** 3,
      readApi: 'storage',
      requestTimeoutMs: 60_000,
      queryTimeoutMs: 600_000,
      roles: DEFAULT_ROLE_SETTINGS,
    };
    return subject(await BigQueryWarehouse.open(settings, deps()), `${scratch}training`);
  },
  realSkip,
);

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/app/config/load-config.js';
import { ConfigError } from '../../../../src/domain/errors.js';
import { tempHome } from '../../../support/temp-home.js';

describe('loadConfig: warehouse.kind "bigquery"', () => {
  let home: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ home, dispose } = await tempHome());
  });
  afterEach(() => dispose());

  const load = async (warehouse: unknown) => {
    await writeFile(join(home, 'cbi.config.json'), JSON.stringify({ warehouse }));
    return loadConfig({ home, env: {} });
  };

  it('needs only the project: the seed layout, a 1 GiB cap per query and the Storage Read API by default', async () => {
    const config = await load({ kind: 'bigquery', projectId: 'cbi-v14-prod' });
    expect(config.warehouse).toEqual({
      kind: 'bigquery',
      projectId: 'cbi-v14-prod',
      datasets: { training: 'training', predictions: 'predictions' },
      tableTemplate: 'zl_training_prod_allhistory_{h}',
      maximumBytesBilled: 1024 ** 3,
      readApi: 'storage',
      requestTimeoutMs: 60_000,
      queryTimeoutMs: 600_000,
    });
  });

  it('resolves a key file relative to the home', async () => {
    const config = await load({ kind: 'bigquery', projectId: 'cbi-v14-prod', keyFile: 'keys/cbi.json' });
    expect(config.warehouse).toMatchObject({ keyFile: join(home, 'keys/cbi.json') });
  });

  it('takes an emulator: its REST URL and its Storage Read API host:port', async () => {
    const emulator = { apiEndpoint: 'http://127.0.0.1:9050', storageEndpoint: '127.0.0.1:9060' };
    const config = await load({ kind: 'bigquery', projectId: 'cbi-test', emulator });
    expect(config.warehouse).toMatchObject({ emulator });
  });

  it.each([
    { warehouse: { kind: 'bigquery' }, field: 'warehouse.projectId', says: /project .* is required/ },
    {
      warehouse: { kind: 'bigquery', projectId: 'CBI V14' },
      field: 'warehouse.projectId',
      says: /Google Cloud project id/,
    },
    {
      warehouse: { kind: 'bigquery', projectId: 'cbi-v14-prod', tableTemplate: 'zl_training_1m' },
      field: 'warehouse.tableTemplate',
      says: /\{h\}/,
    },
    {
      warehouse: { kind: 'bigquery', projectId: 'cbi-v14-prod', maximumBytesBilled: 1000 },
      field: 'warehouse.maximumBytesBilled',
      says: /10485760/,
    },
    {
      warehouse: { kind: 'bigquery', projectId: 'cbi-v14-prod', datasets: { training: 'my-training' } },
      field: 'warehouse.datasets.training',
      says: /dataset name/,
    },
    {
      warehouse: { kind: 'bigquery', projectId: 'cbi-v14-prod', readApi: 'grpc' },
      field: 'warehouse.readApi',
      says: /storage|rest/,
    },
    {
      warehouse: {
        kind: 'bigquery',
        projectId: 'cbi-test',
        emulator: { apiEndpoint: 'http://127.0.0.1:9050', storageEndpoint: '9060' },
      },
      field: 'warehouse.emulator.storageEndpoint',
      says: /host:port/,
    },
  ])('refuses $field with one line saying what is wrong', async ({ warehouse, field, says }) => {
    const error = await load(warehouse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = error instanceof ConfigError ? error.message : '';
    expect(message).toMatch(new RegExp(`^invalid config ${field.replaceAll('.', '\\.')} in `));
    expect(message).toMatch(says);
    expect(message).not.toContain('\n');
  });

  it('refuses a misspelt key by name', async () => {
    const error = await load({ kind: 'bigquery', projectId: 'cbi-v14-prod', maxBytesBilled: 1e9 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error instanceof ConfigError ? error.message : '').toBe(
      `unknown config key warehouse.maxBytesBilled in ${join(home, 'cbi.config.json')}`,
    );
  });
});

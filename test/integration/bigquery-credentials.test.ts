import { generateKeyPairSync } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryWarehouse, type BigQuerySettings } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { PinoLogger } from '../../src/adapters/pino/pino-logger.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { ConfigError, WarehouseUnavailableError } from '../../src/domain/errors.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';
import { runCbi } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

/**
 * Credentials found the way Google's tools find them, and kept out of every message, hint, log
 * line and status file. The server here wants an Authorization header on every call, as
 * BigQuery does; the client reaches it through BIGQUERY_EMULATOR_HOST, so nothing in this file
 * can reach Google even when a credential would be found.
 */
describe('BigQueryWarehouse: credentials', () => {
  let server: BigQueryServer;
  let home: string;
  let dispose: () => Promise<void>;
  /** A real-looking service-account key whose private key is a fresh one nobody holds. */
  let privateKey: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = await startBigQueryServer({ projectId: PROJECT, tables: cbiTables(['1m']), requireAuth: true });
    ({ home, dispose } = await tempHome());
    privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    // no credentials anywhere the auth library looks: no variable, an empty home, no metadata server
    delete process.env['GOOGLE_APPLICATION_CREDENTIALS'];
    process.env['HOME'] = home;
    process.env['METADATA_SERVER_DETECTION'] = 'none';
    process.env['BIGQUERY_EMULATOR_HOST'] = `${server.apiEndpoint}/bigquery/v2`;
  });
  afterAll(async () => {
    process.env = saved;
    await server.close();
    await dispose();
  });

  const settings = (overrides: Partial<BigQuerySettings> = {}): BigQuerySettings => ({
    ...localSettings(server, { readApi: 'rest' }),
    emulator: undefined,
    ...overrides,
  });

  it('with no credentials anywhere, says where credentials come from, permanently', async () => {
    const warehouse = await BigQueryWarehouse.open(settings(), {
      logger: new FakeLogger(),
      clock: new SystemClock(),
    });
    const error = await warehouse.trainingTables().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect(error instanceof WarehouseUnavailableError && error.transient).toBe(false);
    expect(error instanceof Error ? error.message : '').toMatch(
      /^BigQuery did not accept the credentials while listing the training tables of dataset training: Could not load the default credentials/,
    );
    // the request went out without credentials and BigQuery (here, the server) refused it
    expect(server.requests.at(-1)).toMatchObject({ api: 'tables.list', authorized: false });
  });

  it('refuses a key file that is not there, or not a credentials file, as configuration', async () => {
    const missing = await BigQueryWarehouse.open(settings({ keyFile: join(home, 'nope.json') }), {
      logger: new FakeLogger(),
      clock: new SystemClock(),
    }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConfigError);
    expect(missing instanceof ConfigError ? missing.message : '').toBe(
      `warehouse.keyFile ${join(home, 'nope.json')} cannot be read`,
    );
    await writeFile(join(home, 'key.txt'), `not json ${privateKey}`);
    const garbage = await BigQueryWarehouse.open(settings({ keyFile: join(home, 'key.txt') }), {
      logger: new FakeLogger(),
      clock: new SystemClock(),
    }).catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(ConfigError);
    expect(
      JSON.stringify([String(garbage), garbage instanceof ConfigError ? garbage.hint : '']),
    ).not.toContain('PRIVATE KEY');
  });

  it('takes a service-account key only, and never quotes the file', async () => {
    const open = (keyFile: string) =>
      BigQueryWarehouse.open(settings({ keyFile }), {
        logger: new FakeLogger(),
        clock: new SystemClock(),
      }).catch((e: unknown) => e);
    server.reset();
    // a key missing its client_email, as a damaged download would be; an external account, which
    // would choose where tokens go
    await writeFile(
      join(home, 'damaged-key.json'),
      JSON.stringify({
        type: 'service_account',
        project_id: PROJECT,
        private_key_id: 'k1',
        private_key: privateKey,
      }),
    );
    await writeFile(
      join(home, 'external.json'),
      JSON.stringify({
        type: 'external_account',
        audience: '//iam.googleapis.com/x',
        token_url: 'https://attacker.example/token',
        private_key: privateKey,
      }),
    );
    const damaged = await open(join(home, 'damaged-key.json'));
    const external = await open(join(home, 'external.json'));
    expect(damaged).toBeInstanceOf(ConfigError);
    expect(damaged instanceof ConfigError ? damaged.message : '').toBe(
      `warehouse.keyFile ${join(home, 'damaged-key.json')} is a service-account key without client_email or private_key`,
    );
    expect(external).toBeInstanceOf(ConfigError);
    expect(external instanceof ConfigError ? external.message : '').toMatch(
      /holds "external_account" credentials, not a service-account key$/,
    );
    const seen = JSON.stringify(
      [damaged, external].map((e) => (e instanceof ConfigError ? [e.message, e.hint, String(e.cause)] : e)),
    );
    expect(seen).not.toContain('PRIVATE KEY');
    // nothing was asked of BigQuery
    expect(server.requests).toEqual([]);
  });

  it('never writes a credential into the run log or the status of a night that fails on it', async () => {
    const keyFile = join(home, 'damaged-key.json');
    await writeFile(
      keyFile,
      JSON.stringify({ type: 'service_account', project_id: PROJECT, private_key: privateKey }),
    );
    await writeFile(
      join(home, 'cbi.config.json'),
      JSON.stringify({
        warehouse: { kind: 'bigquery', projectId: PROJECT, keyFile, readApi: 'rest' },
        run: { horizons: ['1m'], minHorizons: 1 },
      }),
    );
    const night = await runCbi(['run', '--home', home, '--json'], {
      HOME: home,
      METADATA_SERVER_DETECTION: 'none',
      BIGQUERY_EMULATOR_HOST: `${server.apiEndpoint}/bigquery/v2`,
    });
    expect(night.code).toBe(78);
    expect(night.stderr).toMatch(
      /is a service-account key without client_email or private_key; download a new key/,
    );
    const written = [night.stdout, night.stderr];
    const logs = join(home, 'Logs', 'nightly');
    for (const name of await readdir(logs))
      if (name.endsWith('.log') || name.endsWith('.json'))
        written.push(await readFile(join(logs, name), 'utf8'));
    expect(written.join('\n')).toContain('damaged-key.json');
    expect(written.join('\n')).not.toContain('PRIVATE KEY');
    expect(written.join('\n')).not.toContain(privateKey.split('\n')[1] ?? 'unreachable');
  }, 120_000);

  it('redacts Google credentials logged by mistake: a key, a token, an Authorization header', async () => {
    const file = join(home, 'redaction.log');
    const logger = PinoLogger.create({ level: 'info', file, stdout: false });
    logger.info('what a careless caller might log', {
      credentials: { private_key: privateKey, client_email: 'cbi@cbi-test.iam.gserviceaccount.com' },
      private_key: privateKey,
      access_token: 'ya29.a0AfB_byC-secret-token',
      headers: { Authorization: 'Bearer ya29.a0AfB_byC-secret-token' },
      url: 'https://bigquery.googleapis.com/bigquery/v2/projects/p/jobs?access_token=ya29.a0AfB_byC-secret-token',
    });
    logger.close();
    const text = await readFile(file, 'utf8');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('ya29.a0AfB_byC-secret-token');
  });
});

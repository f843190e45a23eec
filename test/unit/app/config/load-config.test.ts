import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/app/config/load-config.js';
import { ConfigError } from '../../../../src/domain/errors.js';
import { tempHome } from '../../../support/temp-home.js';

describe('loadConfig', () => {
  let home: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ home, dispose } = await tempHome());
  });
  afterEach(() => dispose());

  const write = async (content: string, name = 'cbi.config.json'): Promise<string> => {
    const path = join(home, name);
    await mkdir(home, { recursive: true });
    await writeFile(path, content);
    return path;
  };

  it('defaults every field when there is no file and no environment', async () => {
    const config = await loadConfig({ home, env: {} });
    expect(config.home).toBe(home);
    expect(config.configFile).toBeNull();
    expect(config.run.horizons).toEqual(['1w', '1m', '3m', '6m', '12m']);
    expect(config.run.retry).toEqual({ maxAttempts: 3, baseDelayMs: 30_000, maxDelayMs: 600_000 });
    expect(config.warehouse).toEqual({ kind: 'duckdb', path: join(home, 'Warehouse/cbi.duckdb') });
    expect(config.log.level).toBe('info');
  });

  it('reads cbi.config.json from the home and keeps defaults beside it', async () => {
    await write(JSON.stringify({ run: { minHorizons: 3, retry: { maxAttempts: 5 } } }));
    const config = await loadConfig({ home, env: {} });
    expect(config.run.minHorizons).toBe(3);
    expect(config.run.retry).toEqual({ maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 600_000 });
    expect(config.configFile).toBe(join(home, 'cbi.config.json'));
  });

  it('lets CBI_* variables override the file, and the command line override both', async () => {
    await write(JSON.stringify({ run: { horizons: ['1m'] }, log: { level: 'warn' } }));
    const config = await loadConfig({
      home,
      env: {
        CBI_HORIZONS: '3m,6m',
        CBI_LOG_LEVEL: 'debug',
        CBI_SOURCE_DIR: 'data/fred',
        CBI_MIN_HORIZONS: '1',
      },
    });
    expect(config.run.horizons).toEqual(['3m', '6m']);
    expect(config.run.minHorizons).toBe(1);
    expect(config.log.level).toBe('debug');
    expect(config.source.dir).toMatch(/data\/fred$/);
    const cli = await loadConfig({
      home,
      env: { CBI_HORIZONS: '3m' },
      overrides: { run: { horizons: ['12m'] } },
    });
    expect(cli.run.horizons).toEqual(['12m']);
  });

  it('takes the home from CBI_HOME when no --home is given', async () => {
    const config = await loadConfig({ env: { CBI_HOME: home } });
    expect(config.home).toBe(home);
  });

  it.each([
    {
      name: 'a wrong type',
      content: '{"run": {"minHorizons": "two"}}',
      message: /^invalid config run\.minHorizons in .*cbi\.config\.json: /,
    },
    {
      name: 'an unknown horizon',
      content: '{"run": {"horizons": ["2w"]}}',
      message: /^invalid config run\.horizons\.0 in /,
    },
    {
      name: 'an unknown section',
      content: '{"runn": {}}',
      message: /^unknown config key runn in .*cbi\.config\.json$/,
    },
    {
      name: 'broken JSON',
      content: '{"run": ',
      message: /^config file .*cbi\.config\.json is not valid JSON/,
    },
    { name: 'not an object', content: '[1, 2]', message: /must hold a JSON object$/ },
  ])('refuses $name with one line naming the field', async ({ content, message }) => {
    await write(content);
    const error = await loadConfig({ home, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('names the environment variable, not the file, when a variable is invalid', async () => {
    await writeFile(join(home, 'cbi.config.json'), JSON.stringify({ run: { minHorizons: 2 } }));
    for (const [variable, field] of [
      ['CBI_LOG_LEVEL', 'log.level'],
      ['CBI_MIN_HORIZONS', 'run.minHorizons'],
    ] as const) {
      const error = await loadConfig({ home, env: { [variable]: 'loud' } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(
        new RegExp(`^invalid ${variable} \\(${field}\\): .*"loud"`),
      );
      expect((error as ConfigError).hint).toContain(`unset the environment variable ${variable}`);
    }
  });

  it.each([
    [{ run: { horizonz: ['1m'] } }, 'run.horizonz'],
    [{ runn: {} }, 'runn'],
    [{ run: { retry: { maxAttempt: 2 } } }, 'run.retry.maxAttempt'],
    [
      { alert: { channels: [{ kind: 'webhook', url: 'https://x.example/h', tiemoutMs: 5 }] } },
      'alert.channels.0.tiemoutMs',
    ],
  ])('refuses an unknown key %j, naming it', async (content, key) => {
    await writeFile(join(home, 'cbi.config.json'), JSON.stringify(content));
    const error = await loadConfig({ home, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `unknown config key ${key} in ${join(home, 'cbi.config.json')}`,
    );
  });

  it('refuses a --config file that does not exist instead of silently using defaults', async () => {
    await expect(loadConfig({ home, configFile: join(home, 'missing.json'), env: {} })).rejects.toThrow(
      /cannot read config file/,
    );
  });
});

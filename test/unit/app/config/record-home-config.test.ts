import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/app/config/load-config.js';
import { recordRunEnvironment, recordShellOverrides } from '../../../../src/app/config/record-home-config.js';
import { LIMITED_HOME_UNAVAILABLE, limitedHome } from '../../../support/limited-home.js';
import { tempHome } from '../../../support/temp-home.js';

describe('recordShellOverrides', () => {
  it("writes the shell's overrides into the file, validated (absolute paths), keeping the file's own keys", async () => {
    const shell = { CBI_SOURCE_DIR: 'data/fred', CBI_TIMEZONE: 'America/Chicago', PATH: '/usr/bin' };
    const config = await loadConfig({ home: '/h', env: shell });
    const update = recordShellOverrides({ raw: '{"run":{"minHorizons":1}}', config, shell });
    expect(JSON.parse(update?.content ?? '{}')).toEqual({
      run: { minHorizons: 1 },
      source: { dir: `${process.cwd()}/data/fred` },
      schedule: { timeZone: 'America/Chicago' },
    });
    expect(update?.recorded.map((r) => `${r.key}<-${r.variable}`)).toEqual([
      'source.dir<-CBI_SOURCE_DIR',
      'schedule.timeZone<-CBI_TIMEZONE',
    ]);
  });

  it('changes nothing when the file already says so, or the shell sets nothing', async () => {
    const shell = { CBI_SOURCE_DIR: '/data/fred' };
    const config = await loadConfig({ home: '/h', env: shell });
    expect(recordShellOverrides({ raw: '{"source":{"dir":"/data/fred"}}', config, shell })).toBeUndefined();
    expect(
      recordShellOverrides({ raw: undefined, config: await loadConfig({ home: '/h', env: {} }), shell: {} }),
    ).toBeUndefined();
  });
});

describe('recordRunEnvironment', () => {
  it("records in the home's config every variable the unattended runs need, keeps the file's own keys, and says what it did not record", async () => {
    const { home, dispose } = await tempHome();
    try {
      const file = join(home, 'cbi.config.json');
      await writeFile(file, JSON.stringify({ training: { folds: 3 } }));
      const env = {
        CBI_SOURCE_KIND: 'tables',
        CBI_SOURCE_DIR: 'data/cbi-v14',
        CBI_HORIZONS: '1m,3m',
        CBI_STALE_FORECASTS: 'flag',
        CBI_LOG_LEVEL: 'debug',
        CBI_SCHEDULE_TIME: '02:00',
        CBI_FRED_BASE_URL: 'https://fred.example.org/graph?api_key=abc123',
      };
      const environment = await recordRunEnvironment(await loadConfig({ home, env }));
      expect(environment?.file).toBe(file);
      expect(environment?.recorded.map((r) => `${r.variable}->${r.key}:${String(r.changed)}`)).toEqual([
        'CBI_HORIZONS->run.horizons:true',
        'CBI_STALE_FORECASTS->run.delivery.staleForecasts:true',
        'CBI_SOURCE_KIND->source.kind:true',
        'CBI_SOURCE_DIR->source.dir:true',
      ]);
      expect(environment?.not_recorded.map((r) => r.variable)).toEqual([
        'CBI_LOG_LEVEL',
        'CBI_FRED_BASE_URL',
        'CBI_SCHEDULE_TIME',
      ]);
      expect(environment?.not_recorded[1]?.reason).toMatch(/holds credentials/);
      const written = await readFile(file, 'utf8');
      expect(written).not.toContain('abc123');
      expect(JSON.parse(written)).toEqual({
        training: { folds: 3 },
        run: { horizons: ['1m', '3m'], delivery: { staleForecasts: 'flag' } },
        source: { kind: 'tables', dir: `${process.cwd()}/data/cbi-v14` },
      });
      // a run with no environment now reads the same settings
      const unattended = await loadConfig({ home, env: {} });
      expect(unattended.source).toMatchObject({ kind: 'tables', dir: `${process.cwd()}/data/cbi-v14` });
      expect(unattended.run.horizons).toEqual(['1m', '3m']);
      expect(unattended.run.delivery.staleForecasts).toBe('flag');
      // the same shell again: already recorded, nothing written
      const again = await recordRunEnvironment(await loadConfig({ home, env }));
      expect(again?.recorded.every((r) => !r.changed)).toBe(true);
    } finally {
      await dispose();
    }
  });

  it('takes nothing: records nothing (null); a --horizons flag over CBI_HORIZONS is not the variable', async () => {
    const { home, dispose } = await tempHome();
    try {
      expect(await recordRunEnvironment(await loadConfig({ home, env: {} }))).toBeNull();
      const flagged = await loadConfig({
        home,
        env: { CBI_HORIZONS: '1m,3m' },
        overrides: { run: { horizons: ['1w'] } },
      });
      expect(await recordRunEnvironment(flagged)).toBeNull();
    } finally {
      await dispose();
    }
  });

  it.skipIf(LIMITED_HOME_UNAVAILABLE !== undefined)(
    `says nothing was recorded when the config file cannot be written${LIMITED_HOME_UNAVAILABLE ? ` (skipped: ${LIMITED_HOME_UNAVAILABLE})` : ''}`,
    async () => {
      const limited = await limitedHome();
      try {
        const config = await loadConfig({ home: limited.home, env: { CBI_SOURCE_DIR: 'data/fred' } });
        await limited.makeReadOnly();
        const environment = await recordRunEnvironment(config);
        expect(environment?.recorded).toEqual([]);
        expect(environment?.not_recorded.map((r) => r.variable)).toEqual(['CBI_SOURCE_DIR']);
        expect(environment?.not_recorded[0]?.reason).toMatch(
          /^could not write .*cbi\.config\.json .*the unattended runs will not use it/,
        );
      } finally {
        await limited.dispose();
      }
    },
  );
});

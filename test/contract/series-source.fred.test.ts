import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/domain/errors.js';
import { FredSeriesSource, type FredSourceSettings } from '../../src/adapters/fred/fred-series-source.js';
import { seriesSourceContract } from '../../src/testing/contracts/series-source.contract.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR, fredFacts } from '../builders/fred-data.js';
import { FredDirBuilder } from '../builders/fred-dir.builder.js';
import { deadBaseUrl, fredHandler, serve } from '../support/fred-server.js';
import { tempHome } from '../support/temp-home.js';

const IDS = ['PSOILUSDM', 'DGS10', 'DTWEXBGS'];

function fred(
  settings: Partial<FredSourceSettings> & Pick<FredSourceSettings, 'cacheDir'>,
): FredSeriesSource {
  return new FredSeriesSource(
    { baseUrl: 'http://127.0.0.1:9/unused', timeoutMs: 2_000, attempts: 2, retryDelayMs: 1_000, ...settings },
    new FakeClock('2026-11-29T23:30:00Z'), // retries wait on this clock, without sleeping
    new FakeLogger(),
  );
}

seriesSourceContract('fred (a folder of fredgraph.csv files)', async () => {
  const damaged = await FredDirBuilder.copy();
  await damaged.truncatedAt('PSOYBUSDM', 200);
  const { home, dispose } = await tempHome();
  return {
    source: fred({ dir: FRED_DIR, cacheDir: home }),
    expected: await Promise.all(IDS.map((id) => fredFacts(id))),
    malformed: {
      source: fred({ dir: damaged.dir, cacheDir: home }),
      id: 'PSOYBUSDM',
      file: damaged.path('PSOYBUSDM'),
      line: 200,
    },
    unavailable: fred({ dir: join(home, 'no-such-folder'), cacheDir: home }),
    dispose: async () => {
      await damaged.dispose();
      await dispose();
    },
  };
});

seriesSourceContract('fred (downloads from a FRED stand-in on 127.0.0.1)', async () => {
  const damaged = await FredDirBuilder.copy();
  await damaged.truncatedAt('PSOYBUSDM', 200);
  const { home, dispose } = await tempHome();
  const real = await serve(fredHandler(FRED_DIR));
  const broken = await serve(fredHandler(damaged.dir));
  return {
    source: fred({ baseUrl: real.baseUrl, cacheDir: join(home, 'real') }),
    expected: await Promise.all(IDS.map((id) => fredFacts(id))),
    malformed: {
      source: fred({ baseUrl: broken.baseUrl, cacheDir: join(home, 'broken') }),
      id: 'PSOYBUSDM',
      file: `${broken.baseUrl}?id=PSOYBUSDM`,
      line: 200,
    },
    unavailable: fred({ baseUrl: await deadBaseUrl(), cacheDir: join(home, 'offline') }),
    dispose: async () => {
      await real.close();
      await broken.close();
      await damaged.dispose();
      await dispose();
    },
  };
});

describe('FredSeriesSource on a folder that is a file', () => {
  it('says so in one line, as a config error (exit 78), not "check its permissions"', async () => {
    const { home, dispose } = await tempHome();
    try {
      const file = join(FRED_DIR, 'PSOILUSDM.csv');
      const failure = await fred({ dir: file, cacheDir: home })
        .fetch('PSOILUSDM')
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).message).toBe(`the source folder ${file} is a file, not a folder`);
      expect((failure as ConfigError).hint).toBe(
        'set source.dir (CBI_SOURCE_DIR) to the folder that holds the series files',
      );
    } finally {
      await dispose();
    }
  });
});

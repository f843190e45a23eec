// A night offline goes on with the last good download of each series (a warning, not a failed
// export): the watchdog's catch-up runs failed at export offline before.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FredSeriesSource } from '../../src/adapters/fred/fred-series-source.js';
import { SourceUnavailableError } from '../../src/domain/errors.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { deadBaseUrl, fredHandler, serve } from '../support/fred-server.js';
import { tempHome } from '../support/temp-home.js';

describe('FredSeriesSource offline, with a cached copy', () => {
  let home: { home: string; dispose(): Promise<void> };
  beforeEach(async () => {
    home = await tempHome();
  });
  afterEach(() => home.dispose());

  const source = (baseUrl: string, logger = new FakeLogger()) =>
    new FredSeriesSource(
      {
        baseUrl,
        cacheDir: join(home.home, 'TrainingData/sources/fred'),
        timeoutMs: 2_000,
        attempts: 2,
        retryDelayMs: 1_000,
      },
      new FakeClock('2026-11-29T23:30:00Z'),
      logger,
    );

  it('uses the last downloaded copy, says where it came from, and logs a warning', async () => {
    const server = await serve(fredHandler(FRED_DIR));
    const online = await source(server.baseUrl).fetch('PSOILUSDM');
    await server.close();

    const logger = new FakeLogger();
    const offline = await source(await deadBaseUrl(), logger).fetch('PSOILUSDM');
    expect({ hash: offline.fileHash, dates: offline.dates, values: offline.values }).toEqual({
      hash: online.fileHash,
      dates: online.dates,
      values: online.values,
    });
    expect(offline.source).toMatch(
      /TrainingData\/sources\/fred\/PSOILUSDM\.csv \(cached copy: http:\/\/127\.0\.0\.1:\d+\/graph\/fredgraph\.csv\?id=PSOILUSDM unreachable\)$/,
    );
    expect(logger.messages('warn')).toEqual([
      'series download failed',
      'series download failed',
      'series download failed: using the cached copy',
    ]);
  });

  it('still fails a series it never downloaded', async () => {
    await expect(source(await deadBaseUrl()).fetch('DGS10')).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it('never hides a wrong series id behind the cache (404 is not offline)', async () => {
    const good = await serve(fredHandler(FRED_DIR));
    await source(good.baseUrl).fetch('PSOILUSDM');
    await good.close();
    const notFound = await serve((_request, response) => {
      response.writeHead(404);
      response.end('not found');
    });
    await expect(source(notFound.baseUrl).fetch('PSOILUSDM')).rejects.toThrow(/answered HTTP 404/);
    await notFound.close();
  });
});

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FredSeriesSource } from '../../src/adapters/fred/fred-series-source.js';
import { SourceInvalidError, SourceUnavailableError } from '../../src/domain/errors.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { dirSource } from '../builders/fred-dir.builder.js';
import { deadBaseUrl, fredHandler, serve } from '../support/fred-server.js';
import { tempHome } from '../support/temp-home.js';

const fredFiles = fredHandler(FRED_DIR);

describe('FredSeriesSource downloading from a local HTTP server', () => {
  let home: { home: string; dispose(): Promise<void> };
  let closers: (() => Promise<void>)[];
  beforeEach(async () => {
    home = await tempHome();
    closers = [];
  });
  afterEach(async () => {
    for (const close of closers) await close();
    await home.dispose();
  });

  function source(
    baseUrl: string,
    options: { timeoutMs?: number; attempts?: number } = {},
  ): FredSeriesSource {
    return new FredSeriesSource(
      {
        baseUrl,
        cacheDir: join(home.home, 'TrainingData', 'sources', 'fred'),
        timeoutMs: options.timeoutMs ?? 2_000,
        attempts: options.attempts ?? 3,
        retryDelayMs: 1_000,
      },
      new FakeClock('2026-11-29T23:30:00Z'),
      new FakeLogger(),
    );
  }

  it('downloads every series, parses it as the folder source does and caches the exact bytes', async () => {
    const server = await serve(fredFiles);
    closers.push(server.close);
    const downloader = source(server.baseUrl);
    for (const id of ['PSOILUSDM', 'DGS10', 'DTWEXBGS']) {
      const downloaded = await downloader.fetch(id);
      const local = await dirSource(FRED_DIR).fetch(id);
      expect({ hash: downloaded.fileHash, dates: downloaded.dates, values: downloaded.values }).toEqual({
        hash: local.fileHash,
        dates: local.dates,
        values: local.values,
      });
      expect(downloaded.source).toBe(`${server.baseUrl}?id=${id}`);
      const cached = await readFile(join(home.home, 'TrainingData', 'sources', 'fred', `${id}.csv`));
      expect(cached.equals(await readFile(join(FRED_DIR, `${id}.csv`)))).toBe(true);
    }
    expect(server.requests).toEqual([
      '/graph/fredgraph.csv?id=PSOILUSDM',
      '/graph/fredgraph.csv?id=DGS10',
      '/graph/fredgraph.csv?id=DTWEXBGS',
    ]);
  });

  it('retries a server error and succeeds when the server recovers', async () => {
    let calls = 0;
    const server = await serve((request, response) => {
      calls += 1;
      if (calls === 1) {
        response.writeHead(500);
        response.end('internal error');
      } else fredFiles(request, response);
    });
    closers.push(server.close);
    const series = await source(server.baseUrl).fetch('PSOILUSDM');
    expect(series.dates.length).toBe(429);
    expect(server.requests.length).toBe(2);
  });

  it('gives up after the configured attempts on a server that answers 500, with a clear transient error', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(500);
      response.end('internal error');
    });
    closers.push(server.close);
    const failure = source(server.baseUrl, { attempts: 3 }).fetch('PSOILUSDM');
    await expect(failure).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(failure).rejects.toThrow(
      /cannot download PSOILUSDM .* after 3 attempts: .* answered HTTP 500/,
    );
    await expect(failure).rejects.toMatchObject({ transient: true });
    expect(server.requests.length).toBe(3);
    await expect(stat(join(home.home, 'TrainingData', 'sources', 'fred', 'PSOILUSDM.csv'))).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('times out on a server that never answers, retries, then fails clearly', async () => {
    const server = await serve(() => undefined); // accepts the request, never answers
    closers.push(server.close);
    const started = performance.now();
    const failure = source(server.baseUrl, { timeoutMs: 300, attempts: 2 }).fetch('DGS2');
    await expect(failure).rejects.toThrow(
      /cannot download DGS2 .* after 2 attempts: .*no answer within 300 ms/,
    );
    await expect(failure).rejects.toMatchObject({ transient: true });
    expect(server.requests.length).toBe(2);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('fails at once, without retrying, on an unknown series (404)', async () => {
    const server = await serve(fredFiles);
    closers.push(server.close);
    const failure = source(server.baseUrl).fetch('NOSUCHSERIES');
    await expect(failure).rejects.toThrow(/answered HTTP 404/);
    await expect(failure).rejects.toMatchObject({ transient: false });
    expect(server.requests.length).toBe(1);
  });

  it('rejects an HTML page served as 200 and keeps the previously cached copy', async () => {
    const good = await serve(fredFiles);
    closers.push(good.close);
    await source(good.baseUrl).fetch('PSOILUSDM');
    const portal = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!DOCTYPE html><html><body>Please sign in to the network</body></html>');
    });
    closers.push(portal.close);
    const failure = source(portal.baseUrl).fetch('PSOILUSDM');
    await expect(failure).rejects.toBeInstanceOf(SourceInvalidError);
    await expect(failure).rejects.toThrow(/fredgraph\.csv\?id=PSOILUSDM line 1 is an HTML\/XML page/);
    const cached = await readFile(join(home.home, 'TrainingData', 'sources', 'fred', 'PSOILUSDM.csv'));
    expect(cached.equals(await readFile(join(FRED_DIR, 'PSOILUSDM.csv')))).toBe(true);
  });

  it('says clearly when nothing listens at the address (offline)', async () => {
    const failure = source(await deadBaseUrl(), { attempts: 2 }).fetch('PSOILUSDM');
    await expect(failure).rejects.toThrow(/cannot download PSOILUSDM .* after 2 attempts: .*unreachable/);
  });
});

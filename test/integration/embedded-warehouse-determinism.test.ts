import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config/load-config.js';
import { createContainer } from '../../src/app/composition/container.js';
import { NIGHTLY_STAGES } from '../../src/app/composition/tokens.js';
import { exportManifestKey } from '../../src/domain/layout.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { tempHome } from '../support/temp-home.js';

/** Builds a fresh embedded warehouse from the real files and returns each export's content hash. */
async function exportHashes(): Promise<string[]> {
  const { home, dispose } = await tempHome();
  try {
    const config = await loadConfig({ home, env: { CBI_SOURCE_DIR: FRED_DIR } });
    const container = await createContainer(config, {
      logger: new FakeLogger(),
      clock: new FakeClock('2026-11-29T23:30:00Z'),
    });
    try {
      const stages = await container.getAsync(NIGHTLY_STAGES);
      await stages.export(
        stageContext({ runId: '20261129_233000', kind: 'export', horizons: ['1m', '3m', '6m', '12m'] }),
      );
      const hashes: string[] = [];
      for (const h of ['1m', '3m', '6m', '12m'] as const) {
        const manifest = JSON.parse(await readFile(join(home, exportManifestKey(h)), 'utf8')) as {
          content_hash: string;
        };
        hashes.push(manifest.content_hash);
      }
      return hashes;
    } finally {
      await container.unbindAll();
    }
  } finally {
    await dispose();
  }
}

describe('the embedded warehouse build', () => {
  it('gives byte-identical exports from the same source files, build after build', async () => {
    const first = await exportHashes();
    const second = await exportHashes();
    const third = await exportHashes();
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  }, 180_000);
});

import { readFile } from 'node:fs/promises';
import { seriesSourceContract } from '../../src/testing/contracts/series-source.contract.js';
import { FakeSeriesSource } from '../../src/testing/fake-series-source.js';
import { FRED_DIR, fredFacts } from '../builders/fred-data.js';
import { FredDirBuilder } from '../builders/fred-dir.builder.js';

const IDS = ['PSOILUSDM', 'DGS10', 'DTWEXBGS'];

seriesSourceContract('fake (real files held in memory)', async () => {
  const fred = await FredDirBuilder.copy();
  await fred.truncatedAt('PSOYBUSDM', 200);
  const source = new FakeSeriesSource();
  for (const id of IDS) source.setFile(id, await readFile(`${FRED_DIR}${id}.csv`, 'utf8'));
  const malformed = new FakeSeriesSource();
  malformed.setFile('PSOYBUSDM', await readFile(fred.path('PSOYBUSDM'), 'utf8'));
  const unavailable = new FakeSeriesSource();
  unavailable.setFile('PSOILUSDM', await readFile(`${FRED_DIR}PSOILUSDM.csv`, 'utf8'));
  unavailable.failNext(Number.MAX_SAFE_INTEGER);
  return {
    source,
    expected: await Promise.all(IDS.map((id) => fredFacts(id))),
    malformed: { source: malformed, id: 'PSOYBUSDM', file: 'PSOYBUSDM.csv', line: 200 },
    unavailable,
    dispose: () => fred.dispose(),
  };
});

import { describe, expect, it } from 'vitest';
import type * as Contracts from '../../src/testing/contracts/index.js';
import type * as Testing from '../../src/testing/index.js';

// As another project uses them: by the package's name (a self-reference through package.json
// `exports`, so the built dist/ is what runs). The names are variables so that the type check
// does not need dist/; the types come from the sources the entries are built from.
const contractsEntry = 'cbi-autopilot/testing/contracts';
const testingEntry = 'cbi-autopilot/testing';
const contracts = (await import(contractsEntry)) as typeof Contracts;
const testing = (await import(testingEntry)) as typeof Testing;

describe('cbi-autopilot/testing/contracts', () => {
  it('exports a contract suite for every port', () => {
    expect(
      Object.keys(contracts)
        .filter((name) => name.endsWith('Contract'))
        .sort(),
    ).toEqual([
      'alerterContract',
      'artifactStoreContract',
      'clockContract',
      'foldModelCacheContract',
      'homeDiskContract',
      'loggerContract',
      'modelTrainerContract',
      'powerManagerContract',
      'processLauncherContract',
      'reportRendererContract',
      'schedulerContract',
      'seriesSourceContract',
      'statusStoreContract',
      'warehouseContract',
      'warehouseLoaderContract',
    ]);
  });
});

contracts.artifactStoreContract('fake, through the package entries', async () => {
  const store = new testing.FakeArtifactStore();
  return { store, dispose: () => store.dispose() };
});

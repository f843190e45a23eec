import { artifactStoreContract } from '../../src/testing/contracts/artifact-store.contract.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';

artifactStoreContract('fake (in memory)', async () => {
  const store = new FakeArtifactStore();
  return { store, dispose: () => store.dispose() };
});

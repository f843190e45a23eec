import { FakeStatusStore } from '../../src/testing/fake-status-store.js';
import { statusStoreContract } from '../../src/testing/contracts/status-store.contract.js';

statusStoreContract('fake', async () => {
  const store = new FakeStatusStore();
  return {
    store,
    livePid: process.pid,
    truncateLatest: async () => {
      store.corruptReason = 'Unexpected end of JSON input';
    },
    killPid: async (pid) => {
      store.deadPids.add(pid);
    },
    dispose: async () => undefined,
  };
});

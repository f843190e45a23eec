/**
 * The contract suites of every port (`cbi-autopilot/testing/contracts`): call one with a
 * factory of your adapter from a vitest test file, and it is proven by the same tests as the
 * adapters and fakes of cbi-autopilot. These suites import vitest (an optional peer dependency:
 * only this entry needs it); they read no file of their own, and real data comes in through
 * each suite's subject.
 */
export { alerterContract, sampleAlert } from './alerter.contract.js';
export type { AlerterContractOptions, AlerterSubject } from './alerter.contract.js';
export { artifactStoreContract, type ArtifactStoreSubject } from './artifact-store.contract.js';
export { clockContract } from './clock.contract.js';
export {
  foldModelCacheContract,
  type FoldModelCacheBounds,
  type FoldModelCacheSubject,
} from './fold-model-cache.contract.js';
export { homeDiskContract, type HomeDiskSubject } from './home-disk.contract.js';
export { contractTitle, skippedBecause } from './contract-title.js';
export {
  loggerContract,
  type LoggedEvent,
  type LoggerContractOptions,
  type LoggerSubject,
} from './logger.contract.js';
export {
  modelTrainerContract,
  type ModelTrainerData,
  type ModelTrainerSubject,
} from './model-trainer.contract.js';
export { powerManagerContract } from './power-manager.contract.js';
export { reportRendererContract } from './report-renderer.contract.js';
export { processLauncherContract, type ProcessLauncherSubject } from './process-launcher.contract.js';
export { runLock, runRecord } from './run-records.js';
export { schedulerContract, type SchedulerSubject } from './scheduler.contract.js';
export {
  seriesSourceContract,
  type SeriesFacts,
  type SeriesSourceSubject,
} from './series-source.contract.js';
export { statusStoreContract, type StatusStoreSubject } from './status-store.contract.js';
export { warehouseLoaderContract, type WarehouseLoaderSubject } from './warehouse-loader.contract.js';
export { warehouseContract, type TableFacts, type WarehouseSubject } from './warehouse.contract.js';

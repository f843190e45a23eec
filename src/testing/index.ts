/**
 * In-memory fakes of every port (`cbi-autopilot/testing`), each proven against the same
 * contract suite as the real adapter, for tests of tools built on cbi-autopilot.
 */
export { FakeAlerter } from './fake-alerter.js';
export { FakeArtifactStore } from './fake-artifact-store.js';
export { FakeClock, type FakeClockOptions } from './fake-clock.js';
export { FakeFoldModelCache, type FakeFoldModelCacheBounds } from './fake-fold-model-cache.js';
export { FakeHomeDisk } from './fake-home-disk.js';
export { FakeLogger, type LogEntry } from './fake-logger.js';
export { FakeMachine } from './fake-machine.js';
export { FakeRunLogs } from './fake-run-logs.js';
export { FakeOutsideMemory } from './fake-outside-memory.js';
export { FakeModelTrainer, type FakeModelTrainerOptions } from './fake-model-trainer.js';
export { FakePowerManager } from './fake-power-manager.js';
export { FakeProcessLauncher, type FakeLaunch } from './fake-process-launcher.js';
export { FakeReportRenderer } from './fake-report-renderer.js';
export { FakeScheduler } from './fake-scheduler.js';
export { FakeSeriesSource } from './fake-series-source.js';
export { FakeStatusStore } from './fake-status-store.js';
export { FakeWarehouse, type FakeTrainingTable } from './fake-warehouse.js';
export { FakeWarehouseLoader } from './fake-warehouse-loader.js';

import { Container, type ContainerModule } from 'inversify';
import { alertModule } from './bindings/alert.module.js';
import { coreModule, type Runtime } from './bindings/core.module.js';
import { machineModule } from './bindings/machine.module.js';
import { powerModule } from './bindings/power.module.js';
import { processModule } from './bindings/process.module.js';
import { reportModule } from './bindings/report.module.js';
import { schedulerModule } from './bindings/scheduler.module.js';
import { stagesModule } from './bindings/stages.module.js';
import { trainingModule } from './bindings/training.module.js';
import { warehouseModule } from './bindings/warehouse.module.js';
import type { Config } from '../config/config-schema.js';

/**
 * The composition root: the only place that knows which adapter serves which port, chosen from
 * the config. Bindings import their adapters lazily, so `cbi status` does not load DuckDB or
 * koffi. `overrides` load last: rebind a token there to plug in another adapter (or a fake).
 */
export async function createContainer(
  config: Config,
  runtime: Runtime = {},
  ...overrides: ContainerModule[]
): Promise<Container> {
  const container = new Container();
  await container.load(
    coreModule(config, runtime),
    warehouseModule(config),
    trainingModule(config),
    powerModule(config),
    processModule(config),
    alertModule(config),
    schedulerModule(config),
    machineModule(config),
    stagesModule(config),
    reportModule(config),
  );
  if (overrides.length > 0) await container.load(...overrides);
  return container;
}

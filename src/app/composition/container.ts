import { Container, ContainerModule } from 'inversify';
import { summarizeError } from '../../domain/errors.js';
import { LOGGER, type Logger } from '../../ports/logger.port.js';
import type { Config } from '../config/config-schema.js';
import type { OpenedStages } from '../night/run-nightly.js';
import { alertModule } from './bindings/alert.module.js';
import { coreModule, type Runtime } from './bindings/core.module.js';
import { machineModule } from './bindings/machine.module.js';
import { powerModule } from './bindings/power.module.js';
import { processModule } from './bindings/process.module.js';
import { reportModule } from './bindings/report.module.js';
import { schedulerModule } from './bindings/scheduler.module.js';
import { stagesModule } from './bindings/stages.module.js';
import { trainingModule } from './bindings/training.module.js';
import { useCasesModule } from './bindings/use-cases.module.js';
import { warehouseModule } from './bindings/warehouse.module.js';
import { NIGHTLY_STAGES, OPEN_STAGES, SET_ASIDE_FILES } from './tokens.js';
import type { SetAsideFile } from '../../domain/night/run.js';

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
    useCasesModule(config, runtime),
    runScopeModule(config, container, overrides),
  );
  if (overrides.length > 0) await container.load(...overrides);
  return container;
}

/**
 * OPEN_STAGES: a run is a child container of the one it starts from. The child rebinds the
 * logger to the run's log and has its own warehouse, trainers and stage bodies (the overrides
 * load again, last, so a rebound adapter is the run's too); everything else is the parent's.
 * Closing the run unbinds the child, which closes what it opened.
 */
function runScopeModule(
  config: Config,
  parent: Container,
  overrides: readonly ContainerModule[],
): ContainerModule {
  return new ContainerModule((options) => {
    options.bind(OPEN_STAGES).toConstantValue(async (runLogger: Logger): Promise<OpenedStages> => {
      const run = new Container({ parent });
      const setAside: SetAsideFile[] = [];
      await run.load(
        new ContainerModule((scope) => {
          scope.bind(LOGGER).toConstantValue(runLogger);
          scope.bind(SET_ASIDE_FILES).toConstantValue(setAside);
        }),
        warehouseModule(config),
        trainingModule(config),
        stagesModule(config),
      );
      if (overrides.length > 0) await run.load(...overrides);
      try {
        const stages = await run.getAsync(NIGHTLY_STAGES);
        return { stages, setAside, close: () => disposeContainer(run, runLogger) };
      } catch (error) {
        await disposeContainer(run, runLogger);
        throw error;
      }
    });
  });
}

/** Unbinds a container, closing what it opened; a failure to close is logged, never thrown. */
export async function disposeContainer(container: Container, logger: Logger): Promise<void> {
  try {
    await container.unbindAllAsync();
  } catch (error) {
    logger.warn('could not close everything the run opened', { error: summarizeError(error).message });
  }
}

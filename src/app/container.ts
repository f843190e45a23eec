import { Container, type ContainerModule } from 'inversify';
import { coreModule, type Runtime } from './bindings/core.module.js';
import type { Config } from './config.js';

/**
 * The composition root: the only place that knows which adapter serves which port. Adapters
 * are imported lazily inside their bindings so that `cbi status` does not load DuckDB or koffi.
 */
export async function createContainer(config: Config, runtime: Runtime = {}, ...overrides: ContainerModule[]): Promise<Container> {
  const container = new Container();
  await container.load(coreModule(config, runtime), ...overrides);
  return container;
}

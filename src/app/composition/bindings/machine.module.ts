import { ContainerModule } from 'inversify';
import { MACHINE, type Machine } from '../../../ports/machine.port.js';
import type { Config } from '../../config/config-schema.js';

/**
 * MACHINE: this machine through Node, with the platform's user database (getent on Linux,
 * `id -P` on macOS). Imported when first resolved (getAsync), so `cbi status` never loads it.
 */
export function machineModule(
  _config: Config,
  platform: NodeJS.Platform = process.platform,
): ContainerModule {
  return new ContainerModule((options) => {
    options
      .bind(MACHINE)
      .toResolvedValue(async (): Promise<Machine> => {
        const { NodeMachine } = await import('../../../adapters/system/node-machine.js');
        return new NodeMachine({
          platform,
          nodeVersion: process.versions.node,
          uid: process.getuid?.() ?? -1,
          userLookup: platform === 'darwin' ? ['id', '-P'] : ['getent', 'passwd'],
        });
      })
      .inSingletonScope();
  });
}

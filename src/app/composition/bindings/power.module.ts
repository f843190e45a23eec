import { ContainerModule } from 'inversify';
import { LOGGER, type Logger } from '../../../ports/logger.port.js';
import { POWER_MANAGER, type PowerManager } from '../../../ports/power-manager.port.js';
import type { Config } from '../../config/config-schema.js';

/** POWER_MANAGER by platform: caffeinate + pmset on macOS, systemd-inhibit on Linux, plain elsewhere. Resolve with getAsync. */
export function powerModule(_config: Config, platform: NodeJS.Platform = process.platform): ContainerModule {
  return new ContainerModule((options) => {
    options
      .bind(POWER_MANAGER)
      .toResolvedValue(
        async (logger: Logger): Promise<PowerManager> => {
          if (platform === 'darwin') {
            const { MacosPowerManager } = await import('../../../adapters/macos/macos-power-manager.js');
            return new MacosPowerManager({ pid: process.pid }, logger);
          }
          if (platform === 'linux') {
            const { SystemdInhibitPowerManager } =
              await import('../../../adapters/linux/systemd-inhibit-power-manager.js');
            return new SystemdInhibitPowerManager({ pid: process.pid }, logger);
          }
          const { PlainPowerManager } = await import('../../../adapters/plain/plain-power-manager.js');
          return new PlainPowerManager(platform);
        },
        [LOGGER],
      )
      .inSingletonScope();
  });
}

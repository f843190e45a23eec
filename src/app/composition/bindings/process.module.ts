import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { PROCESS_LAUNCHER } from '../../../ports/process-launcher.port.js';
import type { Config } from '../../config/config-schema.js';
import { packageRoot } from '../package-root.js';

export interface ProcessModuleOptions {
  /** The command that is `cbi` (default: the package's bin/cbi); tests put a stand-in here. */
  readonly entry?: readonly string[];
  readonly platform?: NodeJS.Platform;
}

/**
 * PROCESS_LAUNCHER: detached runs. On macOS the run is started under `caffeinate -ims`, so the
 * machine stays awake from the first instant (the run also takes its own keep-awake; the seed's
 * watchdog-started runs had none).
 */
export function processModule(_config: Config, options: ProcessModuleOptions = {}): ContainerModule {
  // bin/cbi picks the package's own Node and the fastest build of the CLI.
  const entry = options.entry ?? [join(packageRoot(), 'bin', 'cbi')];
  const wrapper = (options.platform ?? process.platform) === 'darwin' ? ['caffeinate', '-ims'] : [];
  return new ContainerModule((bind) => {
    // Loaded when a check starts a run, so `cbi status` never loads child_process.
    bind
      .bind(PROCESS_LAUNCHER)
      .toResolvedValue(async () => {
        const { DetachedProcessLauncher } =
          await import('../../../adapters/process/detached-process-launcher.js');
        return new DetachedProcessLauncher({ entry, wrapper });
      })
      .inSingletonScope();
  });
}

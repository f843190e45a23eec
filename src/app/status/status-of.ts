import { CLOCK } from '../../ports/clock.port.js';
import { STATUS_STORE } from '../../ports/status-store.port.js';
import type { Config } from '../config/load-config.js';
import { createContainer } from '../composition/container.js';
import { readStatus, type StatusReport } from './read-status.js';

/** The status report of a home (what `cbi status` shows), with the config's adapters. */
export async function statusOf(
  config: Config,
  options: { readonly recent?: number } = {},
): Promise<StatusReport> {
  const container = await createContainer(config);
  try {
    return await readStatus(
      { clock: container.get(CLOCK), status: container.get(STATUS_STORE) },
      { recent: options.recent ?? 5 },
    );
  } finally {
    await container.unbindAll();
  }
}

import { ContainerModule } from 'inversify';
import { ALERTERS, type Alerter } from '../../../ports/alerter.port.js';
import { LOGGER, type Logger } from '../../../ports/logger.port.js';
import { STATUS_STORE, type StatusStore } from '../../../ports/status-store.port.js';
import type { Config } from '../../config/config-schema.js';
import type { AlertChannelConfig } from '../../config/alert-config.js';
import type { AlertKind } from '../../../domain/watchdog/alert.js';

/**
 * ALERTERS: one alerter per configured channel, in config order. Adapters are imported only
 * when their channel is configured (nodemailer stays unloaded otherwise); resolve with getAsync.
 */
export function alertModule(config: Config): ContainerModule {
  return new ContainerModule((options) => {
    options
      .bind(ALERTERS)
      .toResolvedValue(
        async (logger: Logger, status: StatusStore) =>
          Promise.all(
            config.alert.channels.map(async (channel) =>
              onlyFor(channel.on, await makeAlerter(channel, logger, status)),
            ),
          ),
        [LOGGER, STATUS_STORE],
      )
      .inSingletonScope();
  });
}

async function makeAlerter(
  channel: AlertChannelConfig,
  logger: Logger,
  status: StatusStore,
): Promise<Alerter> {
  switch (channel.kind) {
    case 'log': {
      const { LogAlerter } = await import('../../../adapters/alert/log-alerter.js');
      return new LogAlerter(logger, (text) => status.appendWatchdogLog(text));
    }
    case 'smtp': {
      const { SmtpAlerter } = await import('../../../adapters/alert/smtp-alerter.js');
      return new SmtpAlerter(channel);
    }
    case 'webhook': {
      const { WebhookAlerter } = await import('../../../adapters/alert/webhook-alerter.js');
      return new WebhookAlerter({ url: new URL(channel.url), timeoutMs: channel.timeoutMs });
    }
    case 'healthchecks': {
      const { HealthchecksAlerter } = await import('../../../adapters/alert/healthchecks-alerter.js');
      return new HealthchecksAlerter({
        url: new URL(channel.url),
        timeoutMs: channel.timeoutMs,
      });
    }
    case 'desktop': {
      const { DesktopAlerter, findNotifier } = await import('../../../adapters/alert/desktop-alerter.js');
      const { access, constants } = await import('../../../adapters/shared/fs-calls.js');
      const notifier =
        process.platform === 'linux'
          ? await findNotifier(process.env['PATH'], (file) =>
              access(file, constants.X_OK).then(
                () => true,
                () => false,
              ),
            )
          : null;
      const alerter = new DesktopAlerter({ platform: process.platform, notifier });
      if (alerter.unavailable !== null)
        logger.debug('desktop alert channel skipped', { reason: alerter.unavailable });
      return alerter;
    }
  }
}

/**
 * The channel as the config routes it: only the kinds its `on` names, and of those only what the
 * adapter itself can take (the desktop channel nothing off macOS). Routing is the config's
 * decision, made here once, not again in every alerter.
 */
function onlyFor(on: readonly AlertKind[], alerter: Alerter): Alerter {
  return {
    name: alerter.name,
    accepts: (kind) => on.includes(kind) && (alerter.accepts?.(kind) ?? true),
    send: (alert) => alerter.send(alert),
  };
}

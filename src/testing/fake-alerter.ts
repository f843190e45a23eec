import type { Alert, AlertKind } from '../domain/watchdog/alert.js';
import { AlertDeliveryError } from '../domain/errors.js';
import type { Alerter } from '../ports/alerter.port.js';

/** Keeps every alert it receives; `failing` makes it throw like an unreachable channel. */
export class FakeAlerter implements Alerter {
  readonly sent: Alert[] = [];
  /** When set, send() throws AlertDeliveryError with this message. */
  failing: string | undefined;

  constructor(
    readonly name = 'fake',
    private readonly kinds?: readonly AlertKind[],
  ) {}

  accepts(kind: AlertKind): boolean {
    return this.kinds === undefined || this.kinds.includes(kind);
  }

  async send(alert: Alert): Promise<void> {
    if (this.failing !== undefined)
      throw new AlertDeliveryError(`${this.name}: ${this.failing}`, { transient: true });
    this.sent.push(alert);
  }

  /** The kinds received, in order. */
  kindsSent(): AlertKind[] {
    return this.sent.map((a) => a.kind);
  }
}

/**
 * The Mac's repeating power events as pmset keeps them: one "power on" event (wake, poweron,
 * or both) and one "power off" event (sleep, shutdown, restart). Setting either replaces both:
 * powerd treats an event left out of a `pmset repeat` request as one to delete
 * (PowerManagement's pmconfigd/RepeatingAutoWake.c), so a wake is set together with the
 * off event the user already has.
 */
export type OnEventType = 'wakepoweron' | 'wake' | 'poweron';
export type OffEventType = 'sleep' | 'shutdown' | 'restart';

export interface RepeatingEvent<T extends string> {
  readonly type: T;
  /** Day letters MTWRFSU; null when pmset only said "Some days" (not readable back). */
  readonly days: string | null;
  /** "HH:MM:00": pmset keeps minutes only. */
  readonly time: string;
}

export interface RepeatingPower {
  readonly on?: RepeatingEvent<OnEventType> | undefined;
  readonly off?: RepeatingEvent<OffEventType> | undefined;
}

/** The wake cbi wants: `wakeorpoweron` (stored as wakepoweron) on these days at this time. */
export interface WantedWake {
  readonly days: string;
  readonly time: string;
}

/** What install does about the wake. */
export type WakeDecision =
  /** Ours is set as wanted. */
  | { readonly kind: 'unchanged' }
  /** Issue these events in one request (`replaces`: the wake that goes; `keeps`: the user's off event). */
  | {
      readonly kind: 'set';
      readonly events: RepeatingPower;
      readonly replaces?: RepeatingEvent<OnEventType> | undefined;
      readonly keeps?: RepeatingEvent<OffEventType> | undefined;
    }
  /** Somebody else's wake is set and --force was not given. */
  | { readonly kind: 'conflict'; readonly existing: RepeatingEvent<OnEventType> }
  /** The off event cannot be re-issued as it is (pmset printed "Some days"). */
  | { readonly kind: 'off_unreadable'; readonly off: RepeatingEvent<OffEventType> };

/** What uninstall does about the wake. */
export type WakeRemoval =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'not_ours'; readonly existing: RepeatingEvent<OnEventType> }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'set'; readonly events: RepeatingPower }
  | { readonly kind: 'off_unreadable'; readonly off: RepeatingEvent<OffEventType> };

function sameWake(event: RepeatingEvent<OnEventType> | undefined, wake: WantedWake | undefined): boolean {
  return (
    event !== undefined &&
    wake !== undefined &&
    event.type === 'wakepoweron' &&
    event.days !== null &&
    sortDays(event.days) === sortDays(wake.days) &&
    event.time.slice(0, 5) === wake.time.slice(0, 5)
  );
}

const DAY_ORDER = 'MTWRFSU';

/** Day letters in pmset's order, each once. */
export function sortDays(days: string): string {
  return [...new Set(days.toUpperCase())]
    .filter((d) => DAY_ORDER.includes(d))
    .sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b))
    .join('');
}

/**
 * Install's decision. A wake counts as ours when it is the one cbi recorded setting (`owned`)
 * or exactly the wanted one; any other wake is somebody else's and is replaced only with
 * `force`. The user's off event is always kept.
 */
export function decideWake(
  current: RepeatingPower,
  wanted: WantedWake,
  owned: WantedWake | undefined,
  force: boolean,
): WakeDecision {
  if (sameWake(current.on, wanted)) return { kind: 'unchanged' };
  if (current.on !== undefined && !sameWake(current.on, owned) && !force)
    return { kind: 'conflict', existing: current.on };
  if (current.off !== undefined && current.off.days === null)
    return { kind: 'off_unreadable', off: current.off };
  return {
    kind: 'set',
    events: {
      on: { type: 'wakepoweron', days: sortDays(wanted.days), time: wanted.time },
      off: current.off,
    },
    replaces: current.on,
    keeps: current.off,
  };
}

/** Uninstall's decision: removes our wake only, and keeps the user's off event. */
export function decideWakeRemoval(
  current: RepeatingPower,
  wanted: WantedWake,
  owned: WantedWake | undefined,
): WakeRemoval {
  if (current.on === undefined) return { kind: 'nothing' };
  if (!sameWake(current.on, wanted) && !sameWake(current.on, owned))
    return { kind: 'not_ours', existing: current.on };
  if (current.off === undefined) return { kind: 'cancel' };
  if (current.off.days === null) return { kind: 'off_unreadable', off: current.off };
  return { kind: 'set', events: { off: current.off } };
}

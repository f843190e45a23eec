import type {
  OffEventType,
  OnEventType,
  RepeatingEvent,
  RepeatingPower,
} from '../../domain/jobs/repeating-wake.js';

/** How pmset prints a day mask (print_days_to_buf in Apple's pmset.m); "Some days" cannot be read back. */
const DAY_WORDS: Readonly<Record<string, string>> = {
  'every day': 'MTWRFSU',
  'weekdays only': 'MTWRF',
  'weekends only': 'SU',
  monday: 'M',
  tuesday: 'T',
  wednesday: 'W',
  thursday: 'R',
  friday: 'F',
  saturday: 'S',
  sunday: 'U',
};

const ON_TYPES: Readonly<Record<string, OnEventType>> = {
  wakepoweron: 'wakepoweron',
  wakeorpoweron: 'wakepoweron',
  wake: 'wake',
  poweron: 'poweron',
};
const OFF_TYPES: readonly OffEventType[] = ['sleep', 'shutdown', 'restart'];
const isOffType = (type: string): type is OffEventType => (OFF_TYPES as readonly string[]).includes(type);

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * pmset prints a repeating event's time as "%d:%02d%cM" with hours 0-12 (print_time_of_day_to_buf:
 * 00:10 is "0:10AM", noon "12:00PM"); "12:10AM" is read as 00:10 too. Returns "HH:MM:00".
 */
function parseTime(text: string): string | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP])M$/i.exec(text);
  if (match === null) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const pm = match[4]?.toUpperCase() === 'P';
  if (hour === 12) hour = pm ? 12 : 0;
  else if (pm) hour += 12;
  if (hour > 23 || minute > 59) return undefined;
  return `${pad(hour)}:${pad(minute)}:00`;
}

/**
 * The repeating power events of `pmset -g sched` output. Format (show_scheduled_events in
 * Apple's pmset.m): "No scheduled events.", or "Repeating power events:" followed by
 * "  <type> at <h:mmAM> <days>" for the on event and then the off event, then "Scheduled
 * power events:" with one-shot events (other apps' alarms; not repeating, ignored here).
 */
export function parsePmsetSchedule(output: string): RepeatingPower {
  let on: RepeatingEvent<OnEventType> | undefined;
  let off: RepeatingEvent<OffEventType> | undefined;
  let repeating = false;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (/^Repeating power events:/i.test(line)) {
      repeating = true;
      continue;
    }
    if (/^(Scheduled power events:|No scheduled events)/i.test(line)) {
      repeating = false;
      continue;
    }
    if (!repeating) continue;
    const match = /^([a-z]+)\s+at\s+(\S+)\s*(.*)$/i.exec(line);
    if (match === null) continue;
    const type = (match[1] ?? '').toLowerCase();
    const time = parseTime(match[2] ?? '');
    if (time === undefined) continue;
    const words = (match[3] ?? '').trim().toLowerCase();
    const days = DAY_WORDS[words] ?? null;
    const onType = ON_TYPES[type];
    if (onType !== undefined) on = { type: onType, days, time };
    else if (isOffType(type)) off = { type, days, time };
  }
  return { on, off };
}

/** The pmset argument of an on event's type (`wakepoweron` is set as `wakeorpoweron`). */
function onArgument(type: OnEventType): string {
  return type === 'wakepoweron' ? 'wakeorpoweron' : type;
}

/**
 * The arguments of one `pmset repeat` request setting these events. Both go in one request:
 * an event left out is deleted. `repeat`, because `schedule` takes one date (the seed's README
 * was wrong). Throws RangeError for an event whose days cannot be read back.
 */
export function pmsetRepeatArgs(events: RepeatingPower): string[] {
  const args = ['repeat'];
  const add = (type: string, event: RepeatingEvent<string>): void => {
    if (event.days === null) throw new RangeError(`the days of "${event.type} at ${event.time}" are unknown`);
    args.push(type, event.days, event.time);
  };
  if (events.on !== undefined) add(onArgument(events.on.type), events.on);
  if (events.off !== undefined) add(events.off.type, events.off);
  if (args.length === 1) args.push('cancel');
  return args;
}

/** How pmset -g sched would print an event (for messages). */
export function describeEvent(event: RepeatingEvent<string>): string {
  const [h, m] = event.time.split(':').map(Number);
  const hour = h ?? 0;
  const shown = `${hour > 12 ? hour - 12 : hour}:${pad(m ?? 0)}${hour >= 12 ? 'PM' : 'AM'}`;
  const days = Object.entries(DAY_WORDS).find(([, letters]) => letters === event.days)?.[0];
  return `${event.type} at ${shown} ${days ?? (event.days === null ? 'some days' : event.days)}`;
}

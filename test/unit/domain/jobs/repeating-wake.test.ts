import { describe, expect, it } from 'vitest';
import {
  decideWake,
  decideWakeRemoval,
  sortDays,
  type RepeatingPower,
} from '../../../../src/domain/jobs/repeating-wake.js';

const WANTED = { days: 'MTWRFSU', time: '23:54:00' };
const ours = { type: 'wakepoweron', days: 'MTWRFSU', time: '23:54:00' } as const;
const theirs = { type: 'wakepoweron', days: 'MTWRF', time: '07:00:00' } as const;
const shutdown = { type: 'shutdown', days: 'MTWRF', time: '02:00:00' } as const;
const someDays = { type: 'restart', days: null, time: '23:59:00' } as const;
const earlierOurs = { type: 'wakepoweron', days: 'MTWRFSU', time: '01:55:00' } as const;

describe('decideWake', () => {
  it.each([
    {
      name: 'nothing set',
      current: {},
      owned: undefined,
      force: false,
      expected: { kind: 'set', events: { on: ours, off: undefined }, replaces: undefined, keeps: undefined },
    },
    {
      name: 'ours already',
      current: { on: ours },
      owned: undefined,
      force: false,
      expected: { kind: 'unchanged' },
    },
    {
      name: "somebody else's wake",
      current: { on: theirs },
      owned: undefined,
      force: false,
      expected: { kind: 'conflict', existing: theirs },
    },
    {
      name: "somebody else's wake, --force, their shutdown kept",
      current: { on: theirs, off: shutdown },
      owned: undefined,
      force: true,
      expected: { kind: 'set', events: { on: ours, off: shutdown }, replaces: theirs, keeps: shutdown },
    },
    {
      name: 'our earlier wake (recorded) moves without --force',
      current: { on: earlierOurs },
      owned: { days: 'MTWRFSU', time: '01:55:00' },
      force: false,
      expected: {
        kind: 'set',
        events: { on: ours, off: undefined },
        replaces: earlierOurs,
        keeps: undefined,
      },
    },
    {
      name: 'a shutdown only: kept',
      current: { off: shutdown },
      owned: undefined,
      force: false,
      expected: { kind: 'set', events: { on: ours, off: shutdown }, replaces: undefined, keeps: shutdown },
    },
    {
      name: 'an off event pmset cannot print back',
      current: { off: someDays },
      owned: undefined,
      force: true,
      expected: { kind: 'off_unreadable', off: someDays },
    },
  ] as {
    name: string;
    current: RepeatingPower;
    owned: typeof WANTED | undefined;
    force: boolean;
    expected: unknown;
  }[])('$name', ({ current, owned, force, expected }) => {
    expect(decideWake(current, WANTED, owned, force)).toEqual(expected);
  });
});

describe('decideWakeRemoval', () => {
  it.each([
    { name: 'nothing set', current: {}, owned: undefined, expected: { kind: 'nothing' } },
    { name: 'ours alone: cancel', current: { on: ours }, owned: undefined, expected: { kind: 'cancel' } },
    {
      name: "ours and the user's shutdown: the shutdown stays",
      current: { on: ours, off: shutdown },
      owned: undefined,
      expected: { kind: 'set', events: { off: shutdown } },
    },
    {
      name: "somebody else's: left alone",
      current: { on: theirs, off: shutdown },
      owned: undefined,
      expected: { kind: 'not_ours', existing: theirs },
    },
    {
      name: 'ours at a recorded earlier time',
      current: { on: earlierOurs },
      owned: { days: 'MTWRFSU', time: '01:55:00' },
      expected: { kind: 'cancel' },
    },
    {
      name: 'ours and an unreadable off event',
      current: { on: ours, off: someDays },
      owned: undefined,
      expected: { kind: 'off_unreadable', off: someDays },
    },
  ] as { name: string; current: RepeatingPower; owned: typeof WANTED | undefined; expected: unknown }[])(
    '$name',
    ({ current, owned, expected }) => {
      expect(decideWakeRemoval(current, WANTED, owned)).toEqual(expected);
    },
  );
});

describe('sortDays', () => {
  it('orders letters as pmset does, each once, unknown letters dropped', () => {
    expect(sortDays('uFmmx')).toBe('MFU');
  });
});

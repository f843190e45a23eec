// The samples and where each was seen: test/support/pmset-outputs.ts.
import { describe, expect, it } from 'vitest';
import {
  describeEvent,
  parsePmsetSchedule,
  pmsetRepeatArgs,
} from '../../../src/adapters/macos/pmset-schedule.js';
import { PMSET_OUTPUTS } from '../../support/pmset-outputs.js';

describe('parsePmsetSchedule', () => {
  it.each([
    { name: 'nothing set [apple]', output: PMSET_OUTPUTS.none, expected: {} },
    {
      name: "cbi's wake [apple]",
      output: PMSET_OUTPUTS.ours,
      expected: { on: { type: 'wakepoweron', days: 'MTWRFSU', time: '23:54:00' } },
    },
    {
      name: "macOS's one-shot alarms are not a repeating wake [nucintosh]",
      output: PMSET_OUTPUTS.appleAlarmsOnly,
      expected: {},
    },
    {
      name: "somebody else's wake and a shutdown [clburlison]",
      output: PMSET_OUTPUTS.someoneElsesWakePlusShutdown,
      expected: {
        on: { type: 'wakepoweron', days: 'MTWRF', time: '07:00:00' },
        off: { type: 'shutdown', days: 'MTWRFSU', time: '17:00:00' },
      },
    },
    {
      name: 'a wake on one day [macsurfer]',
      output: PMSET_OUTPUTS.someoneElsesMondayWake,
      expected: { on: { type: 'wake', days: 'M', time: '09:00:00' } },
    },
    {
      name: "cbi's wake, the user's shutdown and an alarm [apple]",
      output: PMSET_OUTPUTS.oursPlusShutdown,
      expected: {
        on: { type: 'wakepoweron', days: 'MTWRFSU', time: '23:54:00' },
        off: { type: 'shutdown', days: 'MTWRF', time: '02:00:00' },
      },
    },
    {
      name: 'days pmset cannot print back [derflounder]',
      output: PMSET_OUTPUTS.restartSomeDays,
      expected: { off: { type: 'restart', days: null, time: '23:59:00' } },
    },
    {
      name: 'the hour after midnight is "0:10AM" [apple]',
      output: PMSET_OUTPUTS.afterMidnight,
      expected: { on: { type: 'wakepoweron', days: 'SU', time: '00:10:00' } },
    },
    {
      name: 'noon is 12:00PM, and 12:30AM is read as 00:30 too',
      output: 'Repeating power events:\n  poweron at 12:00PM every day\n  sleep at 12:30AM every day\n',
      expected: {
        on: { type: 'poweron', days: 'MTWRFSU', time: '12:00:00' },
        off: { type: 'sleep', days: 'MTWRFSU', time: '00:30:00' },
      },
    },
  ])('$name', ({ output, expected }) => {
    const parsed = parsePmsetSchedule(output);
    expect({ ...(parsed.on ? { on: parsed.on } : {}), ...(parsed.off ? { off: parsed.off } : {}) }).toEqual(
      expected,
    );
  });
});

describe('pmsetRepeatArgs', () => {
  it('sets the wake with "repeat" (the seed\'s "schedule" takes one date) and the off event in the same request', () => {
    expect(
      pmsetRepeatArgs({
        on: { type: 'wakepoweron', days: 'MTWRFSU', time: '23:54:00' },
        off: { type: 'shutdown', days: 'MTWRF', time: '02:00:00' },
      }),
    ).toEqual(['repeat', 'wakeorpoweron', 'MTWRFSU', '23:54:00', 'shutdown', 'MTWRF', '02:00:00']);
  });

  it('keeps the off event alone to remove the wake, and cancels when nothing is left', () => {
    expect(pmsetRepeatArgs({ off: { type: 'sleep', days: 'SU', time: '23:00:00' } })).toEqual([
      'repeat',
      'sleep',
      'SU',
      '23:00:00',
    ]);
    expect(pmsetRepeatArgs({})).toEqual(['repeat', 'cancel']);
  });

  it('refuses an event whose days pmset could not print', () => {
    expect(() => pmsetRepeatArgs({ off: { type: 'restart', days: null, time: '23:59:00' } })).toThrow(
      RangeError,
    );
  });
});

describe('describeEvent', () => {
  it('says an event as pmset shows it', () => {
    expect(describeEvent({ type: 'shutdown', days: 'MTWRF', time: '17:00:00' })).toBe(
      'shutdown at 5:00PM weekdays only',
    );
    expect(describeEvent({ type: 'restart', days: null, time: '23:59:00' })).toBe(
      'restart at 11:59PM some days',
    );
  });
});

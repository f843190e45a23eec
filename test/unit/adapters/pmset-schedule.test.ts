import { describe, expect, it } from 'vitest';
import { parsePmsetSchedule, pmsetRepeatArgs } from '../../../src/adapters/macos/pmset-schedule.js';

describe('parsePmsetSchedule', () => {
  it.each([
    {
      name: 'every day, PM',
      output: 'Repeating power events:\n  wakepoweron at 11:54PM every day\n',
      expected: { days: 'MTWRFSU', time: '23:54:00' },
    },
    {
      name: 'weekdays, AM',
      output: 'Repeating power events:\n  wakeorpoweron at 5:55AM weekdays only\n',
      expected: { days: 'MTWRF', time: '05:55:00' },
    },
    {
      name: 'midnight hour',
      output: 'Repeating power events:\n  wake at 12:10AM weekends only\n',
      expected: { days: 'SU', time: '00:10:00' },
    },
    {
      name: 'noon',
      output: 'Repeating power events:\n  wakepoweron at 12:00PM every day\n',
      expected: { days: 'MTWRFSU', time: '12:00:00' },
    },
    {
      name: 'letters for days',
      output: 'Repeating power events:\n  wakepoweron at 11:54PM MWF\n',
      expected: { days: 'MWF', time: '23:54:00' },
    },
    {
      name: 'a repeating sleep only',
      output: 'Repeating power events:\n  sleep at 11:00PM every day\n',
      expected: undefined,
    },
    {
      name: 'one-shot events are not a daily wake',
      output: "Scheduled power events:\n [0]  wake at 01/01/2027 00:00:00 by 'pmset'\n",
      expected: undefined,
    },
    { name: 'nothing scheduled', output: '', expected: undefined },
  ])('$name', ({ output, expected }) => {
    expect(parsePmsetSchedule(output)).toEqual(expected);
  });
});

describe('pmsetRepeatArgs', () => {
  it('uses "repeat", not "schedule" (which takes one date)', () => {
    expect(pmsetRepeatArgs({ days: 'MTWRFSU', time: '23:54:00' })).toEqual([
      'repeat',
      'wakeorpoweron',
      'MTWRFSU',
      '23:54:00',
    ]);
  });
});

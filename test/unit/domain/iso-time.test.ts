import { describe, expect, it } from 'vitest';
import { isoWithOffset, pythonLocalIso } from '../../../src/domain/iso-time.js';

describe('pythonLocalIso', () => {
  // What Python's naive datetime.now().isoformat() prints for the same local wall time.
  it.each([
    { at: '2026-11-29T23:59:00.000', expected: '2026-11-29T23:59:00' },
    { at: '2026-11-29T23:59:00.120', expected: '2026-11-29T23:59:00.120000' },
    { at: '2026-03-09T04:30:05.007', expected: '2026-03-09T04:30:05.007000' },
    { at: '2027-01-01T00:00:00.999', expected: '2027-01-01T00:00:00.999000' },
  ])('prints $at as $expected', ({ at, expected }) => {
    // A naive date-time string is local time to Date, as to Python.
    expect(pythonLocalIso(new Date(at))).toBe(expected);
  });

  it('is the local wall time of the offset-aware form, without its offset', () => {
    const at = new Date('2026-07-04T05:06:07.000Z');
    expect(isoWithOffset(at, -at.getTimezoneOffset()).slice(0, 19)).toBe(pythonLocalIso(at));
  });
});

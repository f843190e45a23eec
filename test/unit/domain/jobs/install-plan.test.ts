import { describe, expect, it } from 'vitest';
import { changedLines, fileChange, joinPlans } from '../../../../src/domain/jobs/install-plan.js';

describe('fileChange', () => {
  it.each([
    { previous: undefined, content: 'a', expected: { kind: 'create' } },
    { previous: 'a', content: 'a', expected: { kind: 'same' } },
    { previous: 'a', content: 'b', expected: { kind: 'replace', previous: 'a' } },
  ])('$previous -> $content', ({ previous, content, expected }) => {
    expect(fileChange(previous, content)).toEqual(expected);
  });
});

describe('changedLines', () => {
  it('names the lines a replace removes and adds (a hand edit shows up as removed)', () => {
    expect(
      changedLines('[Timer]\nOnCalendar=*-*-* 23:59:00\n# my note\n', '[Timer]\nOnCalendar=*-*-* 02:00:00\n'),
    ).toEqual({ removed: ['OnCalendar=*-*-* 23:59:00', '# my note'], added: ['OnCalendar=*-*-* 02:00:00'] });
  });
});

describe('joinPlans', () => {
  it('keeps steps and notes in order and takes the first block', () => {
    const block = { code: 'NO_PERMISSION', message: 'm', hint: 'h' } as const;
    const plan = joinPlans(
      'user',
      { steps: [{ kind: 'remove', path: '/a' }] },
      { block, notes: [{ level: 'info', text: 'n' }] },
      { steps: [{ kind: 'remove', path: '/b' }], block: { ...block, message: 'later' } },
    );
    expect(plan).toEqual({
      mode: 'user',
      steps: [
        { kind: 'remove', path: '/a' },
        { kind: 'remove', path: '/b' },
      ],
      notes: [{ level: 'info', text: 'n' }],
      block,
    });
  });
});

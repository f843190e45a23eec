import { describe, expect, it } from 'vitest';
import { DesktopAlerter, osascriptArgs } from '../../../src/adapters/alert/desktop-alerter.js';

describe('DesktopAlerter', () => {
  it.each([
    { platform: 'darwin', accepts: true, unavailable: null },
    { platform: 'linux', accepts: false, unavailable: 'desktop notifications need macOS (this is linux)' },
  ])('on $platform accepts alerts: $accepts', ({ platform, accepts, unavailable }) => {
    const alerter = new DesktopAlerter({ platform });
    expect(alerter.accepts()).toBe(accepts);
    expect(alerter.unavailable).toBe(unavailable);
  });

  it('passes texts as osascript arguments, never inside the script', () => {
    expect(osascriptArgs('a "quoted" title', "it's \\ odd")).toEqual([
      '-e',
      'on run argv',
      '-e',
      'display notification (item 2 of argv) with title (item 1 of argv)',
      '-e',
      'end run',
      'a "quoted" title',
      "it's \\ odd",
    ]);
  });
});

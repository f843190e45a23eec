import { describe, expect, it } from 'vitest';
import { DesktopAlerter, osascriptArgs } from '../../../src/adapters/alert/desktop-alerter.js';

describe('DesktopAlerter', () => {
  it.each([
    { platform: 'darwin', accepts: true, unavailable: null },
    { platform: 'linux', accepts: false, unavailable: 'desktop notifications need macOS (this is linux)' },
  ])('on $platform accepts incidents: $accepts', ({ platform, accepts, unavailable }) => {
    const alerter = new DesktopAlerter({ platform, on: ['incident_opened'] });
    expect(alerter.accepts('incident_opened')).toBe(accepts);
    expect(alerter.accepts('run_started')).toBe(false);
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

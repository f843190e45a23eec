import { describe, expect, it } from 'vitest';
import {
  DesktopAlerter,
  findNotifier,
  notifySendArgs,
  osascriptArgs,
} from '../../../src/adapters/alert/desktop-alerter.js';

describe('DesktopAlerter', () => {
  it.each([
    { platform: 'darwin', notifier: null, accepts: true, unavailable: null },
    { platform: 'linux', notifier: '/usr/bin/notify-send', accepts: true, unavailable: null },
    {
      platform: 'linux',
      notifier: null,
      accepts: false,
      unavailable: 'desktop notifications need notify-send on the PATH (libnotify-bin)',
    },
    {
      platform: 'win32',
      notifier: null,
      accepts: false,
      unavailable: 'desktop notifications need macOS or Linux with notify-send (this is win32)',
    },
  ])(
    'on $platform (notifier $notifier) accepts alerts: $accepts',
    ({ platform, notifier, accepts, unavailable }) => {
      const alerter = new DesktopAlerter({ platform, notifier });
      expect(alerter.accepts()).toBe(accepts);
      expect(alerter.unavailable).toBe(unavailable);
    },
  );

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

  it('passes notify-send the subject and text after --, incidents as critical', () => {
    const alert = { kind: 'incident_opened', subject: '-rf title' } as Parameters<typeof notifySendArgs>[0];
    expect(notifySendArgs(alert, 'body')).toEqual([
      '--app-name=cbi-autopilot',
      '--urgency=critical',
      '--',
      '-rf title',
      'body',
    ]);
    expect(notifySendArgs({ ...alert, kind: 'recovered' }, 'b')[1]).toBe('--urgency=normal');
  });

  it('finds notify-send in the first PATH folder that has it', async () => {
    const present = new Set(['/usr/local/bin/notify-send', '/usr/bin/notify-send']);
    const isExecutable = async (file: string) => present.has(file);
    expect(await findNotifier('/opt/x:/usr/local/bin:/usr/bin', isExecutable)).toBe(
      '/usr/local/bin/notify-send',
    );
    expect(await findNotifier('/opt/x', isExecutable)).toBeNull();
    expect(await findNotifier(undefined, isExecutable)).toBeNull();
  });
});

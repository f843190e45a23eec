// `pmset -g sched` outputs, each from where it was seen:
//
// [apple]  Apple's pmset source, apple-oss-distributions/PowerManagement, pmset/pmset.m:
//          show_scheduled_events prints "No scheduled events." when nothing is set;
//          print_repeating_report prints "Repeating power events:" then "  %s at %s %s" (type,
//          print_time_of_day_to_buf "%d:%d%d%cM" with hours 0-12, print_days_to_buf "every day",
//          "weekdays only", "weekends only", a day's name, else "Some days"); print_scheduled_report
//          prints " [%ld]  %s at %s by '%s'" for one-shot events. `pmset repeat wakeorpoweron`
//          stores the type "wakepoweron".
// [nucintosh] github.com/zearp/Nucintosh issue #106 (2022-12-05): a real Ventura machine whose only
//          events are macOS's own one-shot alarms.
// [clburlison] clburlison.com/autowake: the com.apple.AutoWake preferences Energy Saver writes,
//          RepeatingPowerOn wakepoweron time 420 weekdays 31 and RepeatingPowerOff shutdown time 1020
//          weekdays 127, i.e. somebody else's wake at 7:00 on weekdays plus a shutdown at 17:00 daily,
//          printed as [apple] prints them.
// [macsurfer] "How to make your Mac turn on and off on a schedule" (macsurfer.com/redir.php?u=1072986):
//          `sudo pmset repeat wake M 9:00:00`, printed as [apple] prints it.
// [derflounder] Der Flounder, "Scheduling restarts with pmset" (rtrouton1.rssing.com/chan-7978339/article317.html):
//          `pmset repeat restart MWFU 23:59:00`, a day set pmset prints as "Some days".
export const PMSET_OUTPUTS = {
  none: 'No scheduled events.\n',
  ours: 'Repeating power events:\n  wakepoweron at 11:54PM every day\n',
  appleAlarmsOnly:
    "Scheduled power events:\n [0]  wake at 12/05/2022 17:00:00 by 'com.apple.alarm.user-visible-com.apple.calaccessd.alarmEngine.alarm.name'\n [1]  wake at 12/05/2022 19:00:00 by 'com.apple.alarm.user-visible-com.apple.donotdisturb.server.ScheduleLifetimeMonitor.timer' User visible: true\n",
  someoneElsesWakePlusShutdown:
    'Repeating power events:\n  wakepoweron at 7:00AM weekdays only\n  shutdown at 5:00PM every day\n',
  someoneElsesMondayWake: 'Repeating power events:\n  wake at 9:00AM Monday\n',
  oursPlusShutdown:
    "Repeating power events:\n  wakepoweron at 11:54PM every day\n  shutdown at 2:00AM weekdays only\nScheduled power events:\n [0]  wake at 12/05/2022 19:00:00 by 'com.apple.alarm.user-visible-com.apple.donotdisturb.server.ScheduleLifetimeMonitor.timer' User visible: true\n",
  restartSomeDays: 'Repeating power events:\n  restart at 11:59PM Some days\n',
  afterMidnight: 'Repeating power events:\n  wakepoweron at 0:10AM weekends only\n',
} as const;

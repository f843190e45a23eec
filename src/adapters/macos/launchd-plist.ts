/** What goes into one LaunchAgent. */
export interface LaunchAgentSpec {
  readonly label: string;
  readonly programArguments: readonly string[];
  /** Daily at this local time (launchd uses the system's time zone). */
  readonly calendar?: { readonly hour: number; readonly minute: number };
  /** Every this many seconds. */
  readonly intervalSeconds?: number;
  readonly runAtLoad: boolean;
  readonly workingDirectory: string;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Leave children alone when the job exits (the watchdog's detached catch-up run). */
  readonly abandonProcessGroup: boolean;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const str = (value: string): string => `<string>${escapeXml(value)}</string>`;
const key = (name: string): string => `<key>${escapeXml(name)}</key>`;

/** The plist XML of a user LaunchAgent (never a root LaunchDaemon: the seed ran user code as root). */
export function launchAgentPlist(spec: LaunchAgentSpec): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    `  ${key('Label')}`,
    `  ${str(spec.label)}`,
    `  ${key('ProgramArguments')}`,
    '  <array>',
    ...spec.programArguments.map((arg) => `    ${str(arg)}`),
    '  </array>',
  ];
  if (spec.calendar !== undefined) {
    lines.push(
      `  ${key('StartCalendarInterval')}`,
      '  <dict>',
      `    ${key('Hour')}`,
      `    <integer>${spec.calendar.hour}</integer>`,
      `    ${key('Minute')}`,
      `    <integer>${spec.calendar.minute}</integer>`,
      '  </dict>',
    );
  }
  if (spec.intervalSeconds !== undefined)
    lines.push(`  ${key('StartInterval')}`, `  <integer>${spec.intervalSeconds}</integer>`);
  lines.push(
    `  ${key('RunAtLoad')}`,
    `  <${spec.runAtLoad ? 'true' : 'false'}/>`,
    `  ${key('WorkingDirectory')}`,
    `  ${str(spec.workingDirectory)}`,
    `  ${key('StandardOutPath')}`,
    `  ${str(spec.stdoutPath)}`,
    `  ${key('StandardErrorPath')}`,
    `  ${str(spec.stderrPath)}`,
    `  ${key('EnvironmentVariables')}`,
    '  <dict>',
    ...Object.entries(spec.environment).flatMap(([name, value]) => [`    ${key(name)}`, `    ${str(value)}`]),
    '  </dict>',
    `  ${key('ProcessType')}`,
    `  ${str('Background')}`,
    `  ${key('AbandonProcessGroup')}`,
    `  <${spec.abandonProcessGroup ? 'true' : 'false'}/>`,
    '</dict>',
    '</plist>',
    '',
  );
  return lines.join('\n');
}

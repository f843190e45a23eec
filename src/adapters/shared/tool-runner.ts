import { execa } from 'execa';

/** What a command gave: its output, or why it failed (`missing`: the tool is not there at all). */
export interface ToolResult {
  readonly ok: boolean;
  readonly missing: boolean;
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** One line: stderr's first line, else execa's short message. */
  readonly message: string;
}

/**
 * Runs an OS tool (launchctl, pmset, systemctl, loginctl, getent) with an argument array, never
 * a shell string, and never throws: the caller decides what a failure means.
 */
export async function runTool(
  argv: readonly string[],
  options: { readonly env?: Readonly<Record<string, string>> | undefined; readonly timeoutMs?: number } = {},
): Promise<ToolResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new RangeError('runTool: empty command');
  const result = await execa(file, args, {
    reject: false,
    timeout: options.timeoutMs ?? 30_000,
    stdin: 'ignore',
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const stdout = typeof result.stdout === 'string' ? result.stdout : '';
  const stderr = typeof result.stderr === 'string' ? result.stderr : '';
  const missing = result.failed && 'code' in result && result.code === 'ENOENT';
  const firstLine = stderr.trim().split('\n')[0] ?? '';
  return {
    ok: !result.failed,
    missing,
    exitCode: result.exitCode,
    stdout,
    stderr,
    message: missing ? `${file} not found` : firstLine || (result.shortMessage ?? '').split('\n')[0] || '',
  };
}

/** The command as a person would type it (for dry runs and hints), quoting what needs it. */
export function showCommand(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

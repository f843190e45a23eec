// The CommonJS util, not `import … from 'node:util'`: an ES import of a builtin reads every one of
// its exports, and util's lazy ones load streams, worker_threads and a diff (13 ms of CPU on every
// command here, against none for this; bench/cli-startup.bench.mjs). Node 22.0 to 22.2 lack it.
const { parseArgs } =
  typeof process.getBuiltinModule === 'function'
    ? process.getBuiltinModule('node:util')
    : await import('node:util');

/** One option of a command: `--home <dir>` takes a value, `--json` is a switch. */
interface OptionSpec {
  readonly flags: string;
  /** The option's name on the command line, without dashes (`dry-run`). */
  readonly long: string;
  readonly short: string | undefined;
  /** The key the action sees (`dryRun`). */
  readonly key: string;
  readonly valueName: string | undefined;
  readonly description: string;
  readonly defaultValue: string | undefined;
}

type Action = (options: Readonly<Record<string, string | boolean | undefined>>) => Promise<void> | void;

/** A usage error: the one line to print (without `cbi: `) and exit 64. */
export class UsageProblem extends Error {}

/**
 * One `cbi` command: its name, description, options and action, in the shape commander uses
 * (`new Command('run').description(...).option('--home <dir>', ...).action(...)`), parsed with
 * Node's own `util.parseArgs`. Commander loaded child_process, readline and worker_threads into
 * every hourly `cbi status`/`cbi watchdog`; this costs nothing at start-up.
 */
export class Command {
  readonly #options: OptionSpec[] = [];
  #description = '';
  #action: Action | undefined;

  constructor(readonly name: string) {}

  description(text: string): this {
    this.#description = text;
    return this;
  }

  /** `flags`: `--name`, `--name <value>`, optionally led by `-x, `. */
  option(flags: string, description: string, defaultValue?: string): this {
    const match = /^(?:-(\w), )?--([a-z][a-z0-9-]*)(?: <([^>]+)>)?$/.exec(flags);
    if (match === null) throw new Error(`bad option flags "${flags}"`);
    const long = match[2] ?? '';
    this.#options.push({
      flags,
      long,
      short: match[1],
      key: long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      valueName: match[3],
      description,
      defaultValue,
    });
    return this;
  }

  /**
   * What the command does with its parsed options (keys in camelCase: `--dry-run` is `dryRun`;
   * a switch is true or absent, a value a string or its default). The type of `options` is the
   * caller's word for the flags it declared.
   */
  action<O>(run: (options: O) => Promise<void> | void): this {
    this.#action = run as Action;
    return this;
  }

  get summary(): string {
    return this.#description;
  }

  /** `run [options]` in the program's help. */
  get usage(): string {
    return `${this.name}${this.#options.length > 0 ? ' [options]' : ''}`;
  }

  /** The command's help text. */
  help(program: string): string {
    const rows: [string, string][] = [
      ...this.#options.map((o): [string, string] => [
        o.flags,
        `${o.description}${o.defaultValue === undefined ? '' : ` (default: "${o.defaultValue}")`}`,
      ]),
      ['-h, --help', 'display help for command'],
    ];
    return [`Usage: ${program} ${this.usage}`, '', this.#description, '', 'Options:', table(rows)].join('\n');
  }

  /** Whether `args` ask for this command's help. */
  wantsHelp(args: readonly string[]): boolean {
    return args.includes('--help') || args.includes('-h');
  }

  /** Parses `args` (throws UsageProblem) and runs the action. */
  async run(args: readonly string[]): Promise<void> {
    const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
    for (const o of this.#options) {
      config[o.long] = {
        type: o.valueName === undefined ? 'boolean' : 'string',
        ...(o.short === undefined ? {} : { short: o.short }),
      };
    }
    let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
    try {
      ({ values } = parseArgs({ args: [...args], options: config, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new UsageProblem(this.#describe(error));
    }
    const options: Record<string, string | boolean | undefined> = {};
    for (const o of this.#options) {
      const value = values[o.long];
      options[o.key] = Array.isArray(value) ? value.at(-1) : (value ?? o.defaultValue);
    }
    await this.#action?.(options);
  }

  #describe(error: unknown): string {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const given = /'(-{1,2}[^']+)'/.exec(message)?.[1] ?? message;
      const like = closest(
        given,
        this.#options.map((o) => `--${o.long}`),
      );
      return `unknown option '${given}'${like === undefined ? '' : ` (Did you mean ${like}?)`}`;
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = this.#options.find((o) => message.includes(`--${o.long}`));
      return flag === undefined ? message : `option '${flag.flags}' argument missing`;
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      return `too many arguments for '${this.name}'`;
    }
    return message;
  }
}

/** Two columns, the first padded to its widest cell. */
export function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([term]) => term.length));
  return rows.map(([term, text]) => `  ${term.padEnd(width)}  ${text}`).join('\n');
}

/** The candidate nearest to `given` by edit distance, when near enough to be a typo. */
export function closest(given: string, candidates: readonly string[]): string | undefined {
  let best: { word: string; distance: number } | undefined;
  for (const word of candidates) {
    const distance = editDistance(given, word);
    if (best === undefined || distance < best.distance) best = { word, distance };
  }
  return best !== undefined && best.distance <= Math.max(1, Math.floor(best.word.length * 0.4))
    ? best.word
    : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

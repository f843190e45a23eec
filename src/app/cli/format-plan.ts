import { changedLines, type InstallPlan, type PlanStep } from '../../domain/jobs/install-plan.js';
import { isSecretName } from '../../domain/jobs/job-environment.js';
import type { JobsInspection } from '../../domain/jobs/jobs-inspection.js';

const SECRET_KEY = /pass|password|secret|token/i;

/** JSON text with the values of keys named like secrets (`"FRED_API_KEY": "<hidden>"`) hidden. */
function hideSecretValues(json: string): string {
  return json.replace(/("([^"]+)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (whole, prefix: string, key: string) =>
    SECRET_KEY.test(key) || isSecretName(key) ? `${prefix}"<hidden>"` : whole,
  );
}

/** A shell-like rendering of a command (what a person would type). */
function shown(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** What a file's content may show: a secret file shows names and lengths; config JSON hides passwords and tokens. */
export function visibleContent(step: Extract<PlanStep, { kind: 'file' }>): string {
  if (step.secret) {
    let names: string[] = [];
    try {
      const parsed: unknown = JSON.parse(step.content);
      if (typeof parsed === 'object' && parsed !== null)
        names = Object.entries(parsed).map(([k, v]) => `${k}=<secret, ${String(v).length} characters>`);
    } catch {
      names = ['<secret>'];
    }
    return names.join('\n');
  }
  return step.path.endsWith('.json') ? hideSecretValues(step.content) : step.content;
}

/** The plan as JSON-safe data: secret contents reduced to names. */
export function planForJson(plan: InstallPlan): InstallPlan {
  return {
    ...plan,
    steps: plan.steps.map((step) =>
      step.kind === 'file'
        ? {
            ...step,
            content: visibleContent(step),
            change:
              step.change.kind === 'replace' && step.secret
                ? { kind: 'replace', previous: '<secret>' }
                : step.change,
          }
        : step,
    ),
  };
}

function fileLines(step: Extract<PlanStep, { kind: 'file' }>, full: boolean): string[] {
  const verb = { create: 'create', same: 'keep', replace: 'replace' }[step.change.kind];
  const owner = step.owner === undefined ? '' : `, owner ${step.owner.uid}:${step.owner.gid}`;
  const lines = [`${verb} ${step.path} (mode ${step.mode.toString(8)}${owner})`];
  if (step.change.kind === 'replace') {
    const diff = step.secret
      ? { removed: ['<secret>'], added: ['<secret>'] }
      : step.path.endsWith('.json')
        ? changedLines(hideSecretValues(step.change.previous), hideSecretValues(step.content))
        : changedLines(step.change.previous, step.content);
    lines.push('    what it replaces (a hand edit would be lost: compare before you go on):');
    lines.push(...diff.removed.map((l) => `    - ${l}`), ...diff.added.map((l) => `    + ${l}`));
  }
  if (full && step.content !== '')
    lines.push(
      ...visibleContent(step)
        .trimEnd()
        .split('\n')
        .map((l) => `    | ${l}`),
    );
  return lines;
}

/** One plan step as lines: files with their content when `full` (a dry run). */
export function stepLines(step: PlanStep, full: boolean): string[] {
  switch (step.kind) {
    case 'folder':
      return [
        `create folder ${step.path}${step.owner === undefined ? '' : ` (owner ${step.owner.uid}:${step.owner.gid})`}`,
      ];
    case 'file':
      return fileLines(step, full);
    case 'remove':
      return [`remove ${step.path}`];
    case 'command': {
      const env =
        step.env === undefined
          ? ''
          : `${Object.entries(step.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')} `;
      return [`run ${env}${shown(step.argv)}   # ${step.why}`];
    }
  }
}

/** The whole plan for a person: numbered steps, then notes, then why it cannot run (if blocked). */
export function formatPlan(
  plan: InstallPlan,
  options: { readonly title: string; readonly full: boolean },
): string {
  const lines = [options.title, ''];
  if (plan.steps.length === 0) lines.push('nothing to change: everything is as it should be');
  plan.steps.forEach((step, i) => {
    const [first, ...rest] = stepLines(step, options.full);
    lines.push(`${String(i + 1).padStart(2)}. ${first ?? ''}`, ...rest);
  });
  if (plan.notes.length > 0) lines.push('');
  for (const note of plan.notes)
    lines.push(`${note.level === 'action' ? 'TO DO' : note.level}: ${note.text}`);
  if (plan.block !== undefined) lines.push('', `blocked: ${plan.block.message}; ${plan.block.hint}`);
  return `${lines.join('\n')}\n`;
}

/** The jobs as the OS has them, one line each. */
export function formatInspection(inspection: JobsInspection): string {
  return `${inspection.jobs
    .map((job) => {
      const state = job.loaded ? 'loaded' : job.installed ? 'installed, not loaded' : 'not installed';
      return `${job.name}: ${job.label} ${state}${job.nextRun ? `, next ${job.nextRun}` : ''}`;
    })
    .join('\n')}\n`;
}

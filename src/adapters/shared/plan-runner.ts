import { chmod, chown, open, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CbiError, ConfigError, NoPermissionError, SchedulerError } from '../../domain/errors.js';
import type { FileOwner, InstallPlan, PlanBlock, PlanStep } from '../../domain/jobs/install-plan.js';
import { commitFile, ensureFolder, temporarySibling } from './atomic-write.js';
import { artifactIoError } from './node-errors.js';
import { runTool, showCommand } from './tool-runner.js';

/** The typed error of a blocked plan. */
export function blockError(block: PlanBlock): CbiError {
  const options = { hint: block.hint };
  if (block.code === 'NO_PERMISSION') return new NoPermissionError(block.message, options);
  if (block.code === 'CONFIG_INVALID') return new ConfigError(block.message, options);
  return new SchedulerError(block.message, options);
}

/**
 * Carries out an install plan in order: folders, files (written to a temporary sibling with
 * their mode and owner, fsynced, renamed: a reader never sees half a plist, and a secret is
 * never readable by others, not even for an instant), removals and commands. Returns the
 * warnings of commands allowed to fail.
 */
export async function runPlan(plan: InstallPlan): Promise<string[]> {
  if (plan.block !== undefined) throw blockError(plan.block);
  const warnings: string[] = [];
  for (const step of plan.steps) {
    const warning = await runStep(step);
    if (warning !== undefined) warnings.push(warning);
  }
  return warnings;
}

async function runStep(step: PlanStep): Promise<string | undefined> {
  switch (step.kind) {
    case 'folder':
      await io('create the folder', step.path, async () => {
        await ensureFolder(step.path);
        if (step.owner !== undefined) await ownBy(step.path, step.owner);
      });
      return undefined;
    case 'file':
      await io('write', step.path, () => writeOwnedFile(step.path, step.content, step.mode, step.owner));
      return undefined;
    case 'remove':
      await io('remove', step.path, () => rm(step.path, { force: true }));
      return undefined;
    case 'command': {
      let result = await runTool(step.argv, step.env === undefined ? {} : { env: step.env });
      for (let attempt = 2; !result.ok && !result.missing && attempt <= (step.attempts ?? 1); attempt += 1) {
        await delay(1_000);
        result = await runTool(step.argv, step.env === undefined ? {} : { env: step.env });
      }
      if (result.ok || step.onFailure.kind === 'ignore') return undefined;
      if (step.onFailure.kind === 'warn') return `${step.onFailure.text} (${result.message})`;
      throw new SchedulerError(`${showCommand(step.argv)} failed (${step.why}): ${result.message}`, {
        hint: result.missing
          ? `${step.argv[0] ?? 'the tool'} is not installed or not on the PATH; ${step.onFailure.hint}`
          : step.onFailure.hint,
      });
    }
  }
}

async function io(action: string, path: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof CbiError) throw error;
    throw artifactIoError(action, path, error);
  }
}

/** chown only when it differs, so a user re-installing their own files needs no privilege. */
async function ownBy(path: string, owner: FileOwner): Promise<void> {
  const current = await stat(path);
  if (current.uid !== owner.uid || current.gid !== owner.gid) await chown(path, owner.uid, owner.gid);
}

async function writeOwnedFile(
  path: string,
  content: string,
  mode: number,
  owner: FileOwner | undefined,
): Promise<void> {
  await ensureFolder(dirname(path));
  const temporary = temporarySibling(path);
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    // The umask may have taken bits away (never added any): set the mode exactly.
    await chmod(temporary, mode);
    if (owner !== undefined) await ownBy(temporary, owner);
    await commitFile(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

import { z } from 'zod';
import { summarizeError } from '../../domain/errors.js';
import {
  planRetention,
  type HomeFile,
  type RetentionAction,
  type RetentionPolicy,
} from '../../domain/housekeeping/retention.js';
import { LAYOUT } from '../../domain/layout.js';
import type { ArtifactStore } from '../../ports/artifact-store.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { HomeDisk } from '../../ports/home-disk.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';

export interface CleanHomeSettings {
  readonly policy: RetentionPolicy;
  /** Below this many free bytes a night cleans before it starts. */
  readonly minFreeBytes: number;
}

export interface CleanHomeDeps {
  readonly clock: Clock;
  readonly disk: HomeDisk;
  readonly status: StatusStore;
  readonly artifacts: ArtifactStore;
  readonly logger: Logger;
  readonly settings: CleanHomeSettings;
}

export interface CleanHomeInput {
  /** Say what would go; touch nothing. */
  readonly dryRun: boolean;
  /** The caller's own run (a night cleaning up after itself): its files stay. */
  readonly tonight?: string | undefined;
}

export interface CleanedAction {
  readonly action: RetentionAction;
  readonly outcome: 'done' | 'would' | 'failed';
  readonly error: string | null;
}

export interface CleanReport {
  readonly dryRun: boolean;
  readonly actions: readonly CleanedAction[];
  /** Bytes deleted or trimmed away (or that would be). */
  readonly freedBytes: number;
  readonly freeBytesBefore: number;
  /** A live run (not the caller's) held the lock: its files and the exports were left alone. */
  readonly liveRun: string | null;
}

const FOLDERS = [LAYOUT.nightlyLogs, LAYOUT.models, LAYOUT.foldCache, LAYOUT.exports];

// Only what retention needs of champion.json and metadata.json; the rest is the training's.
const championFile = z.object({ model_dir: z.string() });
const metadataFile = z.object({
  metrics: z.object({ mape: z.number().nullable(), naive_mape: z.number().nullable() }).optional(),
  skill: z.object({ has_skill: z.boolean() }).optional(),
});

/**
 * Retention over the home (DESIGN, "On disk"): reads what is there and what must stay (tonight's
 * run, a live run holding the lock, every champion, each model's last version with skill), asks
 * the domain what goes, and deletes or trims it. One failed deletion is reported and logged; the
 * rest goes on.
 */
export async function cleanHome(deps: CleanHomeDeps, input: CleanHomeInput): Promise<CleanReport> {
  const { disk, status, clock, logger } = deps;
  const [files, lock, current, freeBytesBefore] = await Promise.all([
    disk.files(FOLDERS),
    status.readLock(),
    status.currentRun(),
    disk.freeBytes(),
  ]);
  const protectedRuns = new Set<string>();
  if (input.tonight !== undefined) protectedRuns.add(input.tonight);
  const live = lock !== undefined && lock.alive && lock.lock.runId !== input.tonight ? lock.lock.runId : null;
  if (lock !== undefined) protectedRuns.add(lock.lock.runId);
  if (current !== undefined && live !== null) protectedRuns.add(current.run_id);
  const keptVersions = await versionsToKeep(deps.artifacts, files, logger);
  const plan = planRetention(deps.settings.policy, {
    now: clock.now(),
    files,
    protectedRuns,
    keptVersions,
    liveRunElsewhere: live !== null,
  });
  const actions: CleanedAction[] = [];
  for (const action of plan) {
    if (input.dryRun) {
      actions.push({ action, outcome: 'would', error: null });
      continue;
    }
    try {
      if (action.kind === 'delete') await disk.remove(action.key);
      else await disk.keepTail(action.key, action.keepBytes);
      actions.push({ action, outcome: 'done', error: null });
    } catch (error) {
      const message = summarizeError(error).message;
      logger.warn('retention could not remove a file', { key: action.key, error: message });
      actions.push({ action, outcome: 'failed', error: message });
    }
  }
  const freedBytes = actions
    .filter((a) => a.outcome !== 'failed')
    .reduce(
      (sum, a) => sum + (a.action.kind === 'delete' ? a.action.bytes : a.action.bytes - a.action.keepBytes),
      0,
    );
  if (!input.dryRun && actions.length > 0)
    logger.info('old files cleaned', {
      removed: actions.filter((a) => a.outcome === 'done').length,
      freedBytes,
    });
  return { dryRun: input.dryRun, actions, freedBytes, freeBytesBefore, liveRun: live };
}

/**
 * Before a night: when free space is under the minimum, clean first, then warn (with what was
 * freed and what is left). Never throws: a night is not stopped by housekeeping.
 */
export async function ensureFreeSpace(deps: CleanHomeDeps, tonight: string): Promise<CleanReport | null> {
  try {
    const free = await deps.disk.freeBytes();
    if (free >= deps.settings.minFreeBytes) return null;
    const report = await cleanHome(deps, { dryRun: false, tonight });
    const after = await deps.disk.freeBytes();
    deps.logger.warn('free space was under the minimum; old files were cleaned first', {
      freeBytesBefore: free,
      freedBytes: report.freedBytes,
      freeBytesAfter: after,
      minFreeBytes: deps.settings.minFreeBytes,
      ...(after < deps.settings.minFreeBytes ? { still: 'under the minimum: free some space by hand' } : {}),
    });
    return report;
  } catch (error) {
    deps.logger.warn('could not check or free disk space', { error: summarizeError(error).message });
    return null;
  }
}

/** Every champion's version folder, and the newest version with skill of each model. */
async function versionsToKeep(
  artifacts: ArtifactStore,
  files: readonly HomeFile[],
  logger: Logger,
): Promise<Set<string>> {
  const kept = new Set<string>();
  const read = async <T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> => {
    try {
      const content = await artifacts.read(key);
      if (content === undefined) return undefined;
      const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(content)));
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      logger.warn('retention could not read a model file; keeping what it may name', {
        key,
        error: summarizeError(error).message,
      });
      return undefined;
    }
  };
  const versionsByModel = new Map<string, string[]>();
  for (const file of files) {
    if (file.key.endsWith('/champion.json')) {
      const champion = await read(file.key, championFile);
      if (champion === undefined) {
        // an unreadable champion names no folder: keep every version beside it
        const surface = file.key.slice(0, -'/champion.json'.length);
        for (const other of files)
          if (other.key.startsWith(`${surface}/`)) kept.add(other.key.split('/').slice(0, 6).join('/'));
      } else kept.add(champion.model_dir);
    }
    if (file.key.endsWith('/metadata.json')) {
      const folder = file.key.slice(0, -'/metadata.json'.length);
      const model = folder.slice(0, folder.lastIndexOf('/'));
      versionsByModel.set(model, [...(versionsByModel.get(model) ?? []), folder]);
    }
  }
  for (const folders of versionsByModel.values()) {
    for (const folder of [...folders].sort().reverse()) {
      const metadata = await read(`${folder}/metadata.json`, metadataFile);
      const skill =
        metadata?.skill?.has_skill ??
        (metadata?.metrics?.mape != null &&
          metadata.metrics.naive_mape != null &&
          metadata.metrics.mape < metadata.metrics.naive_mape);
      if (skill === true) {
        kept.add(folder);
        break;
      }
    }
  }
  return kept;
}

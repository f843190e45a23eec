import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LibraryMissingError,
  ModelMismatchError,
  StageTimeoutError,
  TrainingFailedError,
} from '../../domain/errors.js';
import type { ModelLibrary } from '../../domain/model/model.js';
import { type BoosterJob, JOB_FILES, readFloat64File, writeFloat64File } from './booster-job.js';
import { type BoosterReply, boosterReplySchema } from './booster-reply.js';
import type { BoosterWorkerPool } from './booster-worker-pool.js';

/** What the caller may watch: the bench reads timings and memory, tests kill a child by its pid. */
export interface BoosterJobObserver {
  onSpawn?(pid: number, kind: BoosterJob['kind']): void;
  onJobEnd?(stats: BoosterJobStats): void;
}

export interface BoosterJobStats {
  readonly library: ModelLibrary;
  readonly kind: BoosterJob['kind'];
  /** Wall time from writing the inputs to reading the outputs, in the parent. */
  readonly wallMs: number;
  /** Time inside the library calls, in the child. */
  readonly nativeMs: number;
  /** Peak resident memory of the child. */
  readonly maxRssKb: number;
  /** CPU time of the child (user + system, all threads). */
  readonly cpuMs: number;
}

export interface BoosterChildSettings {
  readonly library: ModelLibrary;
  /** The compiled worker script (see resolveWorkerScript). */
  readonly workerScript: string;
  /** Where the job's process comes from (one fresh process per job). */
  readonly workers: BoosterWorkerPool;
  /** After SIGTERM, how long before SIGKILL. */
  readonly killGraceMs: number;
  /** How to get a library that loads, on this platform (the driver's howToGet). */
  readonly howToGet: string;
  readonly observer?: BoosterJobObserver | undefined;
}

/** The job without its folder: runBoosterJob makes one per job. */
export type BoosterJobSpec = BoosterJob extends infer J
  ? J extends { dir: string }
    ? Omit<J, 'dir'>
    : J
  : never;

export interface BoosterJobInputs {
  readonly features?: Float64Array;
  readonly labels?: Float64Array;
  readonly model?: Uint8Array;
}

export interface BoosterJobLimits {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** The caller's name for the job, put in messages. */
  readonly jobName?: string | undefined;
}

export interface BoosterJobResult {
  readonly version: string;
  /** The trained model (train jobs). */
  readonly model?: Uint8Array;
  /** One per row (predict jobs). */
  readonly predictions?: Float64Array;
  readonly stats: BoosterJobStats;
}

const OUTPUT_TAIL_CHARS = 2000;
/** How long after a worker's exit its job ends even if a pipe of it is still open. */
const CLOSE_AFTER_EXIT_MS = 2000;

/**
 * Runs one job in a fresh worker process. The matrix goes through a binary temporary file, the
 * model comes back as bytes; the parent only waits on events, so its event loop stays free. A
 * timeout or an abort ends the child for real (SIGTERM, then SIGKILL after the grace). Errors:
 * StageTimeoutError (timeout/abort; transient), LibraryMissingError (the library does not load,
 * or is outside the supported versions), ModelMismatchError (the library cannot read the model:
 * another version of it made the model),
 * TrainingFailedError: permanent for an error the library reports or an exit without a result,
 * transient for a death by a signal the adapter did not send (a retry may succeed).
 */
export async function runBoosterJob(
  settings: BoosterChildSettings,
  spec: BoosterJobSpec,
  inputs: BoosterJobInputs,
  limits: BoosterJobLimits,
): Promise<BoosterJobResult> {
  const what = `${settings.library} ${spec.kind} job${limits.jobName === undefined ? '' : ` (${limits.jobName})`}`;
  if (limits.signal?.aborted === true) {
    throw new StageTimeoutError(`${what} not started: aborted`, {
      cause: limits.signal.reason,
      transient: true,
    });
  }
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), `cbi-${settings.library}-`));
  try {
    if (inputs.features !== undefined) await writeFloat64File(dir, JOB_FILES.features, inputs.features);
    if (inputs.labels !== undefined) await writeFloat64File(dir, JOB_FILES.labels, inputs.labels);
    if (inputs.model !== undefined) await writeFile(join(dir, JOB_FILES.model), inputs.model);
    const job: BoosterJob = spec.kind === 'version' ? spec : { ...spec, dir };
    const ending = await runChild(settings, job, limits, what);
    const reply = ending.reply;
    if (reply === undefined) throw unexpectedEnd(what, ending);
    if (!reply.ok) {
      const message = oneLine(reply.message);
      if (reply.stage === 'load') {
        throw new LibraryMissingError(`${settings.library} library cannot be loaded: ${message}`, {
          hint: settings.howToGet,
        });
      }
      if (reply.stage === 'model') {
        throw new ModelMismatchError(`${what}: ${settings.library} ${message}`, {
          hint: `train it again with this ${settings.library}, or load the version that trained it`,
        });
      }
      throw new TrainingFailedError(`${what} failed: ${message}`);
    }
    const model = spec.kind === 'train' ? await readFile(join(dir, JOB_FILES.model)) : undefined;
    const predictions =
      spec.kind === 'predict' ? await readFloat64File(dir, JOB_FILES.predictions, spec.rows) : undefined;
    const stats: BoosterJobStats = {
      library: settings.library,
      kind: spec.kind,
      wallMs: performance.now() - started,
      nativeMs: reply.nativeMs,
      maxRssKb: reply.maxRssKb,
      cpuMs: reply.cpuMs,
    };
    settings.observer?.onJobEnd?.(stats);
    return {
      version: reply.version,
      ...(model === undefined
        ? {}
        : { model: new Uint8Array(model.buffer, model.byteOffset, model.byteLength) }),
      ...(predictions === undefined ? {} : { predictions: Float64Array.from(predictions) }),
      stats,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ChildEnding {
  readonly reply: BoosterReply | undefined;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why the parent stopped the child, if it did. */
  readonly stoppedFor: 'timeout' | 'abort' | null;
  readonly output: string;
  readonly spawnError: Error | null;
}

function runChild(settings: BoosterChildSettings, job: BoosterJob, limits: BoosterJobLimits, what: string) {
  return new Promise<ChildEnding>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = settings.workers.take(settings.workerScript);
    } catch (cause) {
      reject(new TrainingFailedError(`${what} could not start its worker process`, { cause }));
      return;
    }
    let reply: ChildEnding['reply'];
    let stoppedFor: ChildEnding['stoppedFor'] = null;
    let spawnError: Error | null = null;
    let output = '';
    let killTimer: NodeJS.Timeout | undefined;
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const stop = (reason: 'timeout' | 'abort'): void => {
      if (stoppedFor !== null || child.exitCode !== null || child.signalCode !== null) return;
      stoppedFor = reason;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), settings.killGraceMs);
    };
    const timer = setTimeout(() => stop('timeout'), limits.timeoutMs);
    const onAbort = (): void => stop('abort');
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (message: unknown) => {
      const parsed = boosterReplySchema.safeParse(message);
      if (parsed.success) reply = parsed.data;
    });
    child.on('error', (error) => {
      spawnError = error;
    });
    // The job ends on 'close', not 'exit': 'close' comes after the IPC channel and the output
    // pipes have closed, so the reply is read. A worker exits in its send's callback, and its exit
    // can reach this process before the reply does: ending on 'exit' lost about 1 reply in 30
    // under load (test/reliability/booster-child.test.ts). Should a pipe stay open after the exit
    // (a grandchild holding it), the job ends anyway a moment later.
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      if (killTimer !== undefined) clearTimeout(killTimer);
      limits.signal?.removeEventListener('abort', onAbort);
      resolve({ reply, code, signal, stoppedFor, output, spawnError });
    };
    // (a timeout between the exit and the close does nothing: stop() sees the exit code)
    child.on('exit', (code, signal) => {
      setTimeout(() => end(code, signal), CLOSE_AFTER_EXIT_MS).unref();
    });
    child.on('close', end);
    if (child.pid !== undefined) settings.observer?.onSpawn?.(child.pid, job.kind);
    child.send(job, (error) => {
      if (error !== null) spawnError = error;
    });
  }).then((ending) => {
    if (ending.stoppedFor === 'timeout') {
      throw new StageTimeoutError(`${what} timed out after ${limits.timeoutMs} ms: its process was killed`, {
        transient: true,
      });
    }
    if (ending.stoppedFor === 'abort') {
      throw new StageTimeoutError(`${what} aborted: its process was killed`, {
        cause: limits.signal?.reason,
        transient: true,
      });
    }
    return ending;
  });
}

/** The IPC channel to a worker closed under the parent: the worker died before or while it took its job. */
const CHANNEL_CLOSED = new Set(['EPIPE', 'ECONNRESET', 'ERR_IPC_CHANNEL_CLOSED', 'ERR_IPC_DISCONNECTED']);

/** Exported for tests: how a worker that ended without a reply is reported. */
export function unexpectedEnd(what: string, ending: ChildEnding): TrainingFailedError {
  const tail = oneLine(ending.output).slice(-300);
  const detail = tail === '' ? '' : `; last output: ${tail}`;
  if (ending.signal !== null) {
    // Not a signal of ours (a timeout or an abort ends above as StageTimeoutError): the OOM killer,
    // an operator, a crash, also while the worker was still starting (the job then could not be
    // sent to it: that send error is a consequence, not the cause). A retry may succeed; one that
    // crashes again costs only the retry budget, while an error the library reports (a bad
    // parameter, bad data) fails at once.
    return new TrainingFailedError(`${what}: worker process died by ${ending.signal}${detail}`, {
      transient: true,
      ...(ending.spawnError === null ? {} : { cause: ending.spawnError }),
    });
  }
  if (ending.spawnError !== null) {
    const code = (ending.spawnError as NodeJS.ErrnoException).code;
    return new TrainingFailedError(`${what}: worker process failed: ${ending.spawnError.message}${detail}`, {
      cause: ending.spawnError,
      // a worker gone as it started (its channel closed under the job) may start the next time
      transient: code !== undefined && CHANNEL_CLOSED.has(code),
    });
  }
  return new TrainingFailedError(
    `${what}: worker process exited with code ${String(ending.code)} without a result${detail}`,
  );
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' | ').trim();
}

/**
 * The worker script of a driver (its workerModule, relative to this folder). Production runs
 * dist/, where the worker sits under this module's folder. Tests (vitest) import the TypeScript
 * sources under src/, and plain `node` cannot fork a .ts file: there the compiled twin under
 * dist/ is used (`npm test` runs `tsc` first, so it exists; after changing a worker run `npm run
 * build`). The composition root passes the path from the package root instead (start-up bundle).
 */
export function resolveWorkerScript(workerModule: string): string {
  const beside = fileURLToPath(new URL(`./${workerModule}`, import.meta.url));
  if (existsSync(beside)) return beside;
  const marker = `${sep}src${sep}`;
  const at = beside.lastIndexOf(marker);
  const compiled =
    at < 0 ? beside : `${beside.slice(0, at)}${sep}dist${sep}${beside.slice(at + marker.length)}`;
  if (existsSync(compiled)) return compiled;
  throw new TrainingFailedError(
    `worker script ${workerModule} not found at ${beside} or ${compiled}: run \`npm run build\``,
  );
}

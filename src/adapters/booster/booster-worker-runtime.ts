import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JOB_FILES, parseBoosterJob, readFloat64File, writeFloat64File } from './booster-job.js';
import type { BoosterReply } from './booster-reply.js';
import { dieWithParent } from './die-with-parent.js';
import { isSupportedVersion, type SupportedVersions, unsupportedVersionMessage } from './library-version.js';
import type { NativeBooster, NativeLibrary } from './native-booster.js';

/**
 * The body of a booster worker process: waits for one job on IPC, opens the library, runs the
 * job synchronously (native calls block this process, not the parent), writes the output file,
 * replies and exits. Library errors become a reply; a native crash ends the process by a signal,
 * which the parent reports. It dies with its parent, also in the middle of a native call.
 */
export function runBoosterWorker(
  library: string,
  supported: SupportedVersions,
  open: (libraryPath: string) => NativeLibrary,
): void {
  dieWithParent(parentPid());
  // A spare worker whose parent closed the channel has nothing left to do.
  process.once('disconnect', () => process.exit(0));
  process.once('message', (message: unknown) => {
    void handle(message, open, (version) =>
      isSupportedVersion(version, supported)
        ? undefined
        : unsupportedVersionMessage(library, version, supported),
    ).then(
      (reply) => {
        process.send?.(reply, undefined, undefined, () => process.exit(0));
      },
      (error: unknown) => {
        const reply: BoosterReply = { ok: false, stage: 'run', message: messageOf(error) };
        process.send?.(reply, undefined, undefined, () => process.exit(0));
      },
    );
  });
}

async function handle(
  message: unknown,
  open: (libraryPath: string) => NativeLibrary,
  refusal: (version: string) => string | undefined,
): Promise<BoosterReply> {
  const job = parseBoosterJob(message);
  let library: NativeLibrary;
  let version: string;
  try {
    library = open(job.libraryPath);
    version = library.version(job.declaredVersion);
  } catch (error) {
    return { ok: false, stage: 'load', message: `cannot load ${job.libraryPath}: ${messageOf(error)}` };
  }
  const refused = refusal(version);
  if (refused !== undefined) return { ok: false, stage: 'load', message: `${job.libraryPath}: ${refused}` };
  let nativeMs = 0;
  if (job.kind === 'train') {
    const values = await readFloat64File(job.dir, JOB_FILES.features, job.rows * job.cols);
    const labels = await readFloat64File(job.dir, JOB_FILES.labels, job.rows);
    const started = performance.now();
    const { rows, cols, featureNames, params, rounds } = job;
    const booster = library.train({ values, labels, rows, cols, featureNames, params, rounds });
    const model = freeAfter(booster, () => booster.save());
    nativeMs = performance.now() - started;
    await writeFile(join(job.dir, JOB_FILES.model), model);
  } else if (job.kind === 'predict') {
    const values = await readFloat64File(job.dir, JOB_FILES.features, job.rows * job.cols);
    const model = await readFile(join(job.dir, JOB_FILES.model));
    const started = performance.now();
    let booster: NativeBooster;
    try {
      booster = library.load(model);
    } catch (error) {
      // The file passed its checksum (the registry checks it): this library cannot read it.
      return { ok: false, stage: 'model', message: `${version} cannot read the model: ${messageOf(error)}` };
    }
    const predictions = freeAfter(booster, () =>
      booster.predict(values, job.rows, job.cols, job.threads, job.featureNames),
    );
    nativeMs = performance.now() - started;
    await writeFloat64File(job.dir, JOB_FILES.predictions, predictions);
  }
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  return { ok: true, version, nativeMs, maxRssKb: usage.maxRSS, cpuMs };
}

/** The parent's pid as forkBoosterWorker passed it: right even if the parent died while Node started. */
function parentPid(): number {
  const given = Number(process.argv[2]);
  return Number.isInteger(given) && given > 1 ? given : process.ppid;
}

/** Runs `use`, then frees the booster's native memory whatever happened. */
function freeAfter<T>(booster: NativeBooster, use: () => T): T {
  try {
    return use();
  } finally {
    booster.free();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BoosterReply } from './booster-reply.js';
import {
  type BoosterJob,
  JOB_FILES,
  parseBoosterJob,
  type PredictJob,
  readFloat64File,
  type TrainJob,
  writeFloat64File,
} from './booster-job.js';
import { readFile } from 'node:fs/promises';

/** One library as a worker sees it: opened once per process, then one job. */
export interface WorkerLibrary {
  version(job: BoosterJob): string;
  /** Returns the model in the library's standard format. */
  train(job: TrainJob, values: Float64Array, labels: Float64Array): Uint8Array;
  predict(job: PredictJob, model: Uint8Array, values: Float64Array): Float64Array;
}

/**
 * The body of a booster worker process: waits for one job on IPC, opens the library, runs the
 * job synchronously (native calls block this process, not the parent), writes the output file,
 * replies and exits. Library errors become a reply; a native crash ends the process by a signal,
 * which the parent reports.
 */
export function runBoosterWorker(open: (libraryPath: string) => WorkerLibrary): void {
  // A spare worker whose parent went away has nothing left to do.
  process.once('disconnect', () => process.exit(0));
  process.once('message', (message: unknown) => {
    void handle(message, open).then(
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

async function handle(message: unknown, open: (libraryPath: string) => WorkerLibrary): Promise<BoosterReply> {
  const job = parseBoosterJob(message);
  let library: WorkerLibrary;
  let version: string;
  try {
    library = open(job.libraryPath);
    version = library.version(job);
  } catch (error) {
    return { ok: false, stage: 'load', message: `cannot load ${job.libraryPath}: ${messageOf(error)}` };
  }
  let nativeMs = 0;
  if (job.kind === 'train') {
    const values = await readFloat64File(job.dir, JOB_FILES.features, job.rows * job.cols);
    const labels = await readFloat64File(job.dir, JOB_FILES.labels, job.rows);
    const started = performance.now();
    const model = library.train(job, values, labels);
    nativeMs = performance.now() - started;
    await writeFile(join(job.dir, JOB_FILES.model), model);
  } else if (job.kind === 'predict') {
    const values = await readFloat64File(job.dir, JOB_FILES.features, job.rows * job.cols);
    const model = await readFile(join(job.dir, JOB_FILES.model));
    const started = performance.now();
    const predictions = library.predict(job, model, values);
    nativeMs = performance.now() - started;
    await writeFloat64File(job.dir, JOB_FILES.predictions, predictions);
  }
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  return { ok: true, version, nativeMs, maxRssKb: usage.maxRSS, cpuMs };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { HORIZONS, type Horizon } from '../horizon.js';
import { forecastsOf } from '../model/horizon-forecast.js';
import { modelsSetAside } from '../night/models-set-aside.js';
import { stageName } from '../night/pipeline-plan.js';
import { stageDetails, type RunRecord, type SetAsideFile } from '../night/run.js';
import {
  isPublished,
  type HorizonPredictOutcome,
  type PredictDetails,
  type TableSummary,
} from '../night/stage-details.js';
import type {
  DataAge,
  FileSetAside,
  HorizonNotForecast,
  NightAttention,
  ReportForecast,
} from './report-model.js';

const DAY_MS = 86_400_000;

/**
 * What the first screen says needs attention after `last`, the newest ended run: the horizons
 * it did not forecast and why, how old the data it read is at `now`, and the open incident.
 * Facts only, in the stages' own words: the night's verdict is the run record's (issue 19).
 */
export function nightAttention(
  ended: readonly RunRecord[],
  now: Date,
  incidentSince: string | null,
): NightAttention {
  const last = ended[0];
  return {
    verdict: last?.delivery ?? null,
    notForecast: last === undefined ? [] : notForecast(last),
    setAside: last === undefined ? [] : setAside(last),
    dataAge: dataAge(ended, now),
    incidentSince,
  };
}

/**
 * The published forecast of each horizon, newest run first (a horizon the last run did not
 * forecast has none here: it is listed with its reason instead), and what was published.
 */
export function reportForecasts(ended: readonly RunRecord[]): ReportForecast[] {
  const published = new Map<string, HorizonPredictOutcome>();
  for (const run of [...ended].reverse()) {
    const horizons = stageDetails(run, 'predict')?.horizons ?? {};
    for (const horizon of HORIZONS) {
      const made = horizons[horizon];
      if (made !== undefined) published.set(`${run.run_id}/${horizon}`, made);
    }
  }
  return forecastsOf(ended).flatMap((forecast): ReportForecast[] => {
    if (forecast.predictedPrice === null) return [];
    const made = published.get(`${forecast.runId}/${forecast.horizon}`);
    const naive = forecast.model === 'naive';
    return [
      {
        ...forecast,
        published: naive ? 'naive' : 'model',
        publishedBecause: naive && isPublished(made) ? made.published.reason : null,
      },
    ];
  });
}

/** A derived file the run record names, in words (a new kind of file must be given its words). */
const SET_ASIDE_FILE: Record<SetAsideFile['what'], string> = { warehouse: 'the embedded warehouse' };

/** The files the run set aside as it opened them, then the champion models its stages set aside. */
function setAside(run: RunRecord): FileSetAside[] {
  return [
    ...run.set_aside.map((file) => ({
      what: SET_ASIDE_FILE[file.what],
      movedTo: file.moved_to,
      why: file.reason,
    })),
    ...modelsSetAside(run).map((model) => ({
      what: `the ${model.horizon} champion model`,
      movedTo: model.movedTo,
      why: model.why,
    })),
  ];
}

function notForecast(run: RunRecord): HorizonNotForecast[] {
  const predict = run.stages.find((s) => s.name === 'predict');
  const details = stageDetails(run, 'predict');
  const found: HorizonNotForecast[] = [];
  for (const horizon of HORIZONS.filter((h) => run.horizons.includes(h))) {
    const made = details?.horizons[horizon];
    if (isPublished(made)) continue;
    const reason =
      made === undefined
        ? missing(run, horizon, predict, details)
        : 'error' in made
          ? made.error
          : made.reason;
    found.push({ horizon, reason });
  }
  return found;
}

/** Why a horizon has no entry in the predict stage's details: its train stage, or the predict stage itself. */
function missing(
  run: RunRecord,
  horizon: Horizon,
  predict: RunRecord['stages'][number] | undefined,
  details: PredictDetails | undefined,
): string {
  const train = run.stages.find((s) => s.name === stageName('train', horizon));
  if (train?.status === 'skipped' && train.reason !== null) return train.reason;
  if (predict === undefined) return 'the run has no predict stage';
  if (details === undefined) {
    const why = predict.error ?? predict.reason;
    return `the predict stage ${happened(predict.status)}${why === null ? '' : `: ${why}`}`;
  }
  if (train !== undefined && train.status !== 'succeeded' && train.status !== 'partial')
    return `train_${horizon} ${happened(train.status)}${train.error === null ? '' : `: ${train.error}`}`;
  return 'the predict stage recorded nothing for it';
}

/** A stage's status as a sentence says it: `did not run`, `was skipped`, `failed`. */
function happened(status: RunRecord['stages'][number]['status']): string {
  if (status === 'not_run') return 'did not run';
  if (status === 'skipped') return 'was skipped';
  return status.replace('_', ' ');
}

/** From the newest run that read the tables (the last one may have stopped before). */
function dataAge(ended: readonly RunRecord[], now: Date): DataAge[] {
  for (const run of ended) {
    const predict = stageDetails(run, 'predict')?.horizons ?? {};
    const tables = stageDetails(run, 'quality')?.tables ?? {};
    const ages = HORIZONS.flatMap((horizon): DataAge[] => {
      const made = predict[horizon];
      const table: TableSummary | undefined = tables[horizon];
      const forecastFrom = made === undefined || 'error' in made ? undefined : made;
      const newestRow = forecastFrom?.table_last_date ?? table?.last_date ?? undefined;
      if (newestRow === undefined || !Number.isFinite(Date.parse(newestRow))) return [];
      const trusted = forecastFrom?.as_of_date ?? table?.last_trusted_date ?? undefined;
      return [
        {
          horizon,
          newestRow,
          days: Math.floor((now.getTime() - Date.parse(newestRow)) / DAY_MS),
          newestTrusted: trusted ?? null,
        },
      ];
    });
    if (ages.length > 0) return ages;
  }
  return [];
}

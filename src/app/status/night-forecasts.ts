import { z } from 'zod';
import { HORIZONS, type Horizon } from '../../domain/horizon.js';
import { judgeSkill, type ErrorPair, type HorizonForecast } from '../../domain/model/horizon-forecast.js';
import type { RunRecord, StageRecord } from '../../domain/night/run.js';

// The parts of the predict and evaluate stages' details that a person reads; anything else in
// them (and any detail a newer stage adds) is ignored, and a record without them is skipped.
const num = z.number().nullable().optional();
const predictHorizon = z.object({
  as_of_date: z.string(),
  target_date: z.string().nullable().optional(),
  current_price: num,
  champion: z
    .object({ model: z.string(), version: z.string(), predicted_price: num, predicted_return: num })
    .nullable()
    .optional(),
  published_with_skill: z.boolean().optional(),
});
const predictDetails = z.object({ horizons: z.record(z.string(), z.unknown()) });
const score = z.object({ mape: num, folds: z.number().optional(), count: z.number().optional() });
const evaluateHorizon = z.object({
  matured: z.object({ champion: score.optional(), naive: score.optional() }).optional(),
  walk_forward: z.object({ champion: score.optional(), naive: score.optional() }).optional(),
});
const evaluateDetails = z.object({ horizons: z.record(z.string(), z.unknown()) });

/**
 * Per horizon, the newest forecast recorded in `runs` (newest first) and the newest evaluation
 * of it: value, dates, model, walk-forward and matured error next to naive, and skill.
 * Reads only run records, so `cbi status` stays fast (no warehouse).
 */
export function nightForecasts(runs: readonly RunRecord[]): HorizonForecast[] {
  const found = new Map<Horizon, HorizonForecast>();
  for (const run of runs) {
    const predicted = details(run, 'predict', predictDetails);
    if (predicted === undefined) continue;
    const evaluated = details(run, 'evaluate', evaluateDetails);
    for (const horizon of HORIZONS) {
      if (found.has(horizon)) continue;
      const forecast = predictHorizon.safeParse(predicted.horizons[horizon]);
      if (!forecast.success) continue;
      const f = forecast.data;
      const evaluation = evaluateHorizon.safeParse(evaluated?.horizons[horizon]);
      const e = evaluation.success ? evaluation.data : undefined;
      const walkForward = pair(e?.walk_forward?.champion, e?.walk_forward?.naive, 'folds');
      found.set(horizon, {
        horizon,
        runId: run.run_id,
        asOfDate: f.as_of_date,
        targetDate: f.target_date ?? null,
        currentPrice: f.current_price ?? null,
        predictedPrice: f.champion?.predicted_price ?? null,
        predictedReturn: f.champion?.predicted_return ?? null,
        model: f.champion?.model ?? null,
        version: f.champion?.version ?? null,
        walkForward,
        matured: pair(e?.matured?.champion, e?.matured?.naive, 'count'),
        skill: judgeSkill(walkForward, f.published_with_skill),
      });
    }
  }
  return HORIZONS.flatMap((h) => found.get(h) ?? []);
}

function details<T>(run: RunRecord, name: string, schema: z.ZodType<T>): T | undefined {
  const stage: StageRecord | undefined = run.stages.find((s) => s.name === name);
  if (stage === undefined || (stage.status !== 'succeeded' && stage.status !== 'partial')) return undefined;
  const parsed = schema.safeParse(stage.details);
  return parsed.success ? parsed.data : undefined;
}

function pair(
  model: z.infer<typeof score> | undefined,
  naive: z.infer<typeof score> | undefined,
  counted: 'folds' | 'count',
): ErrorPair | null {
  if (model === undefined) return null;
  const mape = model.mape ?? null;
  const count = model[counted] ?? 0;
  if (mape === null && count === 0) return null;
  return { mape, naiveMape: naive?.mape ?? null, count };
}

/** One walk-forward forecast as the backtest sees it. Returns are simple returns (0.05 = +5 %). */
export interface BacktestForecast {
  /** The period index of the forecast's date (row number in the training table). */
  readonly period: number;
  readonly predictedReturn: number;
  /** What the price really did over the horizon: actual / current - 1. */
  readonly actualReturn: number;
}

export interface BacktestResult {
  /** Trades taken (non-overlapping forecasts). */
  readonly trades: number;
  /** Trades with a position (predicted return not 0). */
  readonly positions: number;
  /** Annualised; undefined with fewer than 2 trades or no variation in trade returns. */
  readonly sharpe: number | undefined;
  /** Share (0..1) of positioned trades that made money; undefined when no trade held a position. */
  readonly hitRate: number | undefined;
  /** Largest fall (0..1) of the compounded equity from its running peak; 0 when it never fell. */
  readonly maxDrawdown: number;
  /** Compounded return of all trades (0.1 = +10 %). */
  readonly totalReturn: number;
}

/**
 * Backtest of a forecast series. Position = sign of the predicted return (+1 long, -1 short,
 * 0 flat), held over the horizon; forecasts are taken non-overlapping: the oldest one, then the
 * next whose period is at least `horizonPeriods` later, and so on. Trade return = position x
 * actual return. No costs, no risk-free rate.
 */
export function backtest(
  forecasts: readonly BacktestForecast[],
  horizonPeriods: number,
  periodsPerYear: number,
): BacktestResult {
  const returns = nonOverlapping(forecasts, horizonPeriods).map((f) => ({
    position: Math.sign(f.predictedReturn),
    value: Math.sign(f.predictedReturn) * f.actualReturn,
  }));
  const values = returns.map((r) => r.value);
  const positioned = returns.filter((r) => r.position !== 0);
  return {
    trades: returns.length,
    positions: positioned.length,
    sharpe: sharpeRatio(values, periodsPerYear / horizonPeriods),
    hitRate:
      positioned.length === 0 ? undefined : positioned.filter((r) => r.value > 0).length / positioned.length,
    maxDrawdown: maxDrawdown(values),
    totalReturn: values.reduce((equity, r) => equity * (1 + r), 1) - 1,
  };
}

/** The forecasts a backtest trades: the oldest, then each one at least `horizonPeriods` after the last taken. */
export function nonOverlapping<T extends { readonly period: number }>(
  forecasts: readonly T[],
  horizonPeriods: number,
): T[] {
  const sorted = [...forecasts].sort((a, b) => a.period - b.period);
  const taken: T[] = [];
  let next = Number.NEGATIVE_INFINITY;
  for (const forecast of sorted) {
    if (forecast.period < next) continue;
    taken.push(forecast);
    next = forecast.period + horizonPeriods;
  }
  return taken;
}

/**
 * Sharpe ratio of per-trade returns, annualised: mean / sample standard deviation (n - 1) x
 * sqrt(tradesPerYear). With one trade per horizon of h periods, tradesPerYear = periodsPerYear / h
 * (monthly data: sqrt(12 / h)). Undefined with fewer than 2 returns or a zero deviation.
 */
export function sharpeRatio(returns: readonly number[], tradesPerYear: number): number | undefined {
  const n = returns.length;
  if (n < 2) return undefined;
  const mean = returns.reduce((s, r) => s + r, 0) / n;
  const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (n - 1);
  const deviation = Math.sqrt(variance);
  if (!(deviation > 1e-15)) return undefined;
  return (mean / deviation) * Math.sqrt(tradesPerYear);
}

/**
 * Maximum drawdown of the equity compounded from 1 by the returns: max over time of
 * (running peak - equity) / running peak, the peak including the starting 1. In 0..1.
 */
export function maxDrawdown(returns: readonly number[]): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (const r of returns) {
    equity *= 1 + r;
    if (equity > peak) peak = equity;
    const drawdown = (peak - equity) / peak;
    if (drawdown > worst) worst = drawdown;
  }
  return worst;
}

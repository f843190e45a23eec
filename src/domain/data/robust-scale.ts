/** The median of the finite values; NaN when there is none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const middle = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * A standard deviation that a few absurd values cannot move: 1.4826 x the median absolute
 * deviation from the median (equal to the standard deviation for normal data). 0 when more than
 * half the values are equal; NaN for no values.
 */
export function robustScale(values: readonly number[]): number {
  const centre = median(values);
  return 1.4826 * median(values.filter(Number.isFinite).map((v) => Math.abs(v - centre)));
}

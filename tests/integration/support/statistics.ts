/**
 * Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical distribution
 * functions. 0 means identical distributions, 1 means no overlap at all.
 */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  const [x, y] = [[...a].sort((p, q) => p - q), [...b].sort((p, q) => p - q)];
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= value) i++;
    while (j < y.length && y[j]! <= value) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Medians and ratios, not single runs: these machines are noisy. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * The median of run-by-run ratios of two interleaved series. Runs next to each other share the
 * machine's state at that moment, so this cancels most of the drift a ratio of medians keeps.
 */
export function pairedRatio(subject: readonly number[], reference: readonly number[]): number {
  return median(subject.map((value, i) => value / reference[i]!));
}

/** The median of run-by-run differences of two interleaved series (drift cancels as in {@link pairedRatio}). */
export function pairedDifference(subject: readonly number[], reference: readonly number[]): number {
  return median(subject.map((value, i) => value - reference[i]!));
}

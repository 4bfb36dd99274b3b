/** Estimators of the page-load bench: overheads of paired samples, robust to a shared machine's drift. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median over pairs (same page, same round) of (x - base) / base, in %. */
export function pairedMedianPct(xs: readonly number[], bases: readonly number[]): number {
  if (xs.length !== bases.length) throw new Error('paired samples must have the same length');
  return median(xs.map((x, i) => ((x - bases[i]) / bases[i]) * 100));
}

/**
 * (Σx / Σbase - 1) in %, with the most extreme pairs (by difference) trimmed on both sides: CPU time
 * adds up, so sums keep every load's work, and trimming drops the odd load that met a GC or a
 * neighbour's burst.
 */
export function trimmedRatioPct(xs: readonly number[], bases: readonly number[], trim = 0.1): number {
  const kept = trimmedPairs(xs, bases, trim);
  return (sum(kept.map((p) => p.x)) / sum(kept.map((p) => p.base)) - 1) * 100;
}

/** Mean of x - base over the same trimmed pairs: what one load costs more, in the samples' unit. */
export function trimmedMeanDifference(xs: readonly number[], bases: readonly number[], trim = 0.1): number {
  const kept = trimmedPairs(xs, bases, trim);
  return sum(kept.map((p) => p.x - p.base)) / kept.length;
}

function trimmedPairs(xs: readonly number[], bases: readonly number[], trim: number) {
  if (xs.length !== bases.length) throw new Error('paired samples must have the same length');
  const pairs = xs.map((x, i) => ({ x, base: bases[i] })).sort((a, b) => a.x - a.base - (b.x - b.base));
  const cut = Math.floor(pairs.length * trim);
  return pairs.slice(cut, pairs.length - cut);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

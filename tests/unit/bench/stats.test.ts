import { describe, expect, it } from 'vitest';
import { median, pairedMedianPct, trimmedMeanDifference, trimmedRatioPct } from '../../../bench/stats';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('pairedMedianPct', () => {
  it('is the median of the pairs’ relative differences', () => {
    expect(pairedMedianPct([110, 220, 500], [100, 200, 100])).toBeCloseTo(10);
  });
  it('refuses unpaired samples', () => {
    expect(() => pairedMedianPct([1, 2], [1])).toThrow(/same length/);
  });
});

describe('trimmedRatioPct', () => {
  it('is the ratio of sums when nothing is trimmed', () => {
    expect(trimmedRatioPct([110, 330], [100, 300], 0)).toBeCloseTo(10);
  });
  it('drops the most extreme pairs on both sides before summing', () => {
    const bases = Array.from({ length: 10 }, () => 100);
    const xs = [105, 105, 105, 105, 105, 105, 105, 105, 1000, 0];
    expect(trimmedRatioPct(xs, bases, 0.1)).toBeCloseTo(5);
  });
});

describe('trimmedMeanDifference', () => {
  it('is the mean extra cost per pair, extremes trimmed', () => {
    const bases = Array.from({ length: 10 }, () => 100);
    const xs = [120, 120, 120, 120, 120, 120, 120, 120, 5000, 0];
    expect(trimmedMeanDifference(xs, bases, 0.1)).toBeCloseTo(20);
    expect(() => trimmedMeanDifference([1], [])).toThrow(/same length/);
  });
});

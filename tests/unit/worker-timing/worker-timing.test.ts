import { describe, expect, it } from 'vitest';
import { markFirstCall, markOnce, WORKER_MARKS } from '../../../utils/worker-timing';

function fakeClock() {
  const marks: string[] = [];
  return {
    marks,
    mark: (name: string) => {
      marks.push(name);
      return undefined as unknown as PerformanceMark;
    },
    getEntriesByName: (name: string) => marks.filter((m) => m === name) as unknown as PerformanceEntryList,
  };
}

describe('worker timing marks', () => {
  it('marks a name once per worker', () => {
    const clock = fakeClock();
    markOnce(WORKER_MARKS.trackerDataLoaded, clock);
    markOnce(WORKER_MARKS.trackerDataLoaded, clock);
    expect(clock.marks).toEqual([WORKER_MARKS.trackerDataLoaded]);
  });

  it('marks after the first call returns, and passes every call through unchanged', () => {
    const clock = fakeClock();
    const seenDuringCalls: number[] = [];
    const double = markFirstCall(
      (x: number) => {
        seenDuringCalls.push(clock.marks.length);
        return x * 2;
      },
      WORKER_MARKS.firstClassified,
      clock,
    );
    expect(double(2)).toBe(4);
    expect(clock.marks).toEqual([WORKER_MARKS.firstClassified]);
    expect(double(5)).toBe(10);
    expect(clock.marks).toEqual([WORKER_MARKS.firstClassified]);
    expect(seenDuringCalls).toEqual([0, 1]); // marked once the first call's work was done
  });

  it('uses the global performance clock by default', () => {
    markOnce(WORKER_MARKS.enforcerReady);
    expect(performance.getEntriesByName(WORKER_MARKS.enforcerReady, 'mark')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { markFirstSettled, markOnce, WORKER_MARKS } from '../../../utils/worker-timing';

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

  it('marks when a call first settles, whichever call that is, and passes every call through unchanged', async () => {
    const clock = fakeClock();
    const release: Record<number, () => void> = {};
    const double = markFirstSettled(
      (x: number) => new Promise<number>((resolve) => (release[x] = () => resolve(x * 2))),
      WORKER_MARKS.firstClassified,
      clock,
    );
    const slow = double(2);
    const fast = double(5);
    expect(clock.marks).toEqual([]);
    release[5]!();
    expect(await fast).toBe(10);
    expect(clock.marks).toEqual([WORKER_MARKS.firstClassified]);
    release[2]!();
    expect(await slow).toBe(4);
    expect(clock.marks).toEqual([WORKER_MARKS.firstClassified]);
  });

  it('marks a call that failed too, and passes the failure on', async () => {
    const clock = fakeClock();
    const failing = markFirstSettled(() => Promise.reject(new Error('no')), WORKER_MARKS.firstClassified, clock);
    await expect(failing()).rejects.toThrow('no');
    expect(clock.marks).toEqual([WORKER_MARKS.firstClassified]);
  });

  it('uses the global performance clock by default', () => {
    markOnce(WORKER_MARKS.enforcerReady);
    expect(performance.getEntriesByName(WORKER_MARKS.enforcerReady, 'mark')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { chromiumProcessKind, descendants, parseProcStat } from '../../../bench/proc-cpu';

describe('parseProcStat', () => {
  it('reads ppid and the four CPU fields, counting from the last parenthesis of the name', () => {
    // A renderer's thread name holds spaces and parentheses.
    const line =
      '4242 (Chrome (Renderer) x) S 4100 4100 4100 0 -1 4194560 9000 0 0 0 150 30 7 3 20 0 12 0 5000 1000000 3000 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4100, ticks: 150 + 30 + 7 + 3 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('not a stat line')).toBeUndefined();
  });
});

describe('descendants', () => {
  it('finds children and grandchildren of the root, not its siblings', () => {
    const stats = [
      { pid: 1, ppid: 0, ticks: 1 },
      { pid: 10, ppid: 1, ticks: 5 },
      { pid: 11, ppid: 10, ticks: 7 },
      { pid: 12, ppid: 11, ticks: 9 },
      { pid: 20, ppid: 1, ticks: 100 },
    ];
    expect(
      descendants(stats, 10)
        .map((s) => s.pid)
        .sort(),
    ).toEqual([10, 11, 12]);
    expect(descendants(stats, 99)).toEqual([]);
  });
});

describe('chromiumProcessKind', () => {
  it('names chromium processes from their command line', () => {
    expect(chromiumProcessKind('/usr/lib/chromium/chromium --user-data-dir=/tmp/p --headless')).toBe('browser');
    expect(chromiumProcessKind('chromium --type=renderer --renderer-client-id=5')).toBe('renderer');
    expect(chromiumProcessKind('chromium --type=renderer --extension-process --renderer-client-id=6')).toBe(
      'extension',
    );
    expect(chromiumProcessKind('chromium --type=utility --utility-sub-type=network.mojom.NetworkService')).toBe(
      'network',
    );
    expect(chromiumProcessKind('chromium --type=utility --utility-sub-type=storage.mojom.StorageService')).toBe(
      'utility',
    );
    expect(chromiumProcessKind('chromium --type=gpu-process')).toBe('gpu');
    expect(chromiumProcessKind('chromium --type=zygote')).toBe('zygote');
  });
});

import { describe, expect, it } from 'vitest';
import { probeMs } from '../../../bench/probe-page.bench';

const PROBE = 'chrome-extension://abc/content-scripts/probe.js';
const PAGE = 'https://www.demo-store.test/assets/heavy/chunk-1.js';

// (root) → page function → probe wrapper → native; (root) → page function alone; (root) → idle.
const profile = {
  nodes: [
    { id: 1, callFrame: { url: '' }, children: [2, 5] },
    { id: 2, callFrame: { url: PAGE }, children: [3] },
    { id: 3, callFrame: { url: PROBE }, children: [4] },
    { id: 4, callFrame: { url: '' } },
    { id: 5, callFrame: { url: '' } },
  ],
  // Sample i lasts timeDeltas[i + 1] µs.
  samples: [2, 3, 4, 4, 2, 5],
  timeDeltas: [0, 100, 200, 300, 400, 500],
};

describe('probeMs', () => {
  it('counts the samples with a probe.js frame anywhere on their stack, natives it calls included', () => {
    // Samples 1 (probe.js itself, 200 µs), 2 and 3 (a native under it, 300 + 400 µs).
    expect(probeMs(profile)).toBeCloseTo(0.9);
  });

  it('is zero for a build without the probe', () => {
    const other = {
      ...profile,
      nodes: profile.nodes.map((n) => ({ ...n, callFrame: { url: n.callFrame.url.replace(PROBE, PAGE) } })),
    };
    expect(probeMs(other)).toBe(0);
  });
});

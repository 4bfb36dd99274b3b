import { describe, expect, it } from 'vitest';
import { bannerAnswer } from '../../../cli/banner-watch';

describe('bannerAnswer', () => {
  it('names the answer from the purposes accepted and refused', () => {
    expect(bannerAnswer({ accepted: ['necessary', 'analytics', 'marketing'], refused: [] })).toBe('accepted');
    expect(bannerAnswer({ accepted: [], refused: ['analytics', 'ads', 'social', 'other'] })).toBe('rejected');
    expect(bannerAnswer({ accepted: ['statistics'], refused: ['marketing', 'social', 'x'] })).toBe('per-purpose');
    // All-or-nothing answers.
    expect(bannerAnswer({ accepted: ['all'], refused: [] })).toBe('accepted');
    expect(bannerAnswer({ accepted: [], refused: ['all'] })).toBe('rejected');
  });

  it('counts a refusal that keeps only what the shop needs as rejected', () => {
    expect(bannerAnswer({ accepted: ['necessary', 'functional'], refused: ['analytics', 'marketing'] })).toBe(
      'rejected',
    );
    expect(bannerAnswer({ accepted: ['functional-tag'], refused: ['marketing-tag'] })).toBe('rejected');
    expect(bannerAnswer({ accepted: ['Notwendig', 'personalization'], refused: ['Werbung'] })).toBe('per-purpose');
  });
});

import { describe, expect, it } from 'vitest';
import { bannerAnswer } from '../../../cli/banner-watch';

describe('bannerAnswer', () => {
  it('names the answer from the purposes accepted and refused', () => {
    expect(bannerAnswer({ accepted: 3, refused: 0 })).toBe('accepted');
    expect(bannerAnswer({ accepted: 0, refused: 4 })).toBe('rejected');
    expect(bannerAnswer({ accepted: 1, refused: 3 })).toBe('per-purpose');
  });
});

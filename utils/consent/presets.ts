/**
 * The presets the popup and the onboarding page offer: one consent state per category, named for the
 * shopper. Applying one is a policy change (changes.ts).
 */
import type { Category } from '../categories';
import { allCategories, type ConsentState } from './model';

export const PRESET_IDS = ['only-needed', 'revoke-all', 'allow-all'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  id: PresetId;
  name: string;
  description: string;
  consent: Record<Category, ConsentState>;
}

/**
 * "Only what the shop needs": the shop's own requests are never blocked (rules only touch third-party
 * tracker recipients; payment, fraud checks, captcha, sign-in and maps are allow-listed), so every
 * category shared with third parties can be revoked without breaking shopping. The one exception is
 * location: revoking it also denies geolocation to the shop's own page, which breaks "stores near me"
 * and delivery estimates, and the browser already asks before a page gets a precise location.
 */
export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  'only-needed': {
    id: 'only-needed',
    name: 'Only what the shop needs',
    description:
      'Stop sharing with advertisers, analytics and other third parties. The shop itself, payment, fraud checks and sign-in keep working, and the shop can still ask for your location.',
    consent: { ...allCategories('revoked'), location: 'granted' },
  },
  'revoke-all': {
    id: 'revoke-all',
    name: 'Revoke all',
    description: 'Revoke every category, including location: the shop cannot use your precise location either.',
    consent: allCategories('revoked'),
  },
  'allow-all': {
    id: 'allow-all',
    name: 'Allow all',
    description: 'Share as the shop decides. Nothing is blocked and no privacy signal is sent.',
    consent: allCategories('granted'),
  },
};

export function isPresetId(value: unknown): value is PresetId {
  return typeof value === 'string' && (PRESET_IDS as readonly string[]).includes(value);
}

import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../utils/categories';
import { TRACKER_KINDS } from '../../../utils/model';
import {
  ANY_REVOCATION,
  ENFORCEMENT,
  ESSENTIAL_ALLOW_URL_FILTERS,
  NEVER_BLOCKED_KINDS,
  enforcementIsComplete,
  explainRevocation,
} from '../../../utils/consent/enforcement';

describe('enforcement data', () => {
  it('has one entry per category, each with popup text', () => {
    expect(enforcementIsComplete()).toBe(true);
    for (const c of CATEGORIES) {
      const text = explainRevocation(c);
      expect(text.does.length, c).toBeGreaterThan(0);
      expect(text.cannotStop.length, c).toBeGreaterThan(0);
    }
  });

  it('says plainly that request bodies and server-side sharing cannot be stopped', () => {
    const all = CATEGORIES.flatMap((c) => ENFORCEMENT[c].cannotStop).join(' ');
    expect(all).toMatch(/bodies \(POST\)/);
    expect(all).toMatch(/server/);
    expect(ANY_REVOCATION.cannotStop.join(' ')).toMatch(/servers/);
  });

  it('never names a kind the shop needs among blocked kinds', () => {
    for (const c of CATEGORIES) {
      for (const kind of [...ENFORCEMENT[c].block.alwaysKinds, ...ENFORCEMENT[c].block.seenKinds]) {
        expect(TRACKER_KINDS).toContain(kind);
        expect(NEVER_BLOCKED_KINDS.has(kind), `${c}: ${kind}`).toBe(false);
      }
    }
  });

  it('identifiers removes cookies and the ID and click-ID parameters of the issue', () => {
    const e = ENFORCEMENT.identifiers;
    expect(e.removeRequestHeaders).toEqual(['cookie']);
    expect(e.removeResponseHeaders).toEqual(['set-cookie']);
    for (const p of [
      'gclid',
      'fbclid',
      'ttclid',
      'msclkid',
      'dclid',
      'gbraid',
      'wbraid',
      '_ga',
      '_gl',
      'cid',
      'fbp',
      'fbc',
      '_fbp',
      'uid',
      'user_id',
      'external_id',
    ]) {
      expect(e.stripParams).toContain(p);
    }
    // click IDs, not GA's client id, come off the shop's own page address
    expect(e.stripLandingParams).toContain('gclid');
    expect(e.stripLandingParams).not.toContain('cid');
    expect(e.block.alwaysKinds).toEqual(['identity']);
  });

  it('location strips the geo parameters and denies geolocation; nothing else does', () => {
    for (const p of ['lat', 'lng', 'lon', 'latitude', 'longitude', 'geo', 'zip', 'postal_code'])
      expect(ENFORCEMENT.location.stripParams).toContain(p);
    expect(CATEGORIES.filter((c) => ENFORCEMENT[c].deniesGeolocation)).toEqual(['location']);
  });

  it('behavior always blocks session replay; device blocks fingerprinting hosts', () => {
    expect(ENFORCEMENT.behavior.block.alwaysKinds).toContain('session-replay');
    expect(ENFORCEMENT.device.blockHosts).toContain('fpjs.io');
  });

  it('header names are lower case and URL filters are valid for Chrome', () => {
    for (const c of CATEGORIES) {
      for (const h of [...ENFORCEMENT[c].removeRequestHeaders, ...ENFORCEMENT[c].removeResponseHeaders])
        expect(h).toBe(h.toLowerCase());
      for (const f of ENFORCEMENT[c].blockUrlFilters) expect(f.startsWith('||*')).toBe(false);
    }
    for (const f of ESSENTIAL_ALLOW_URL_FILTERS) expect(f).toMatch(/^\|\|[a-z0-9.-]+\//);
  });

  it('never strips a parameter twice within a category', () => {
    for (const c of CATEGORIES) {
      const list = ENFORCEMENT[c].stripParams;
      expect(new Set(list).size, c).toBe(list.length);
    }
  });
});

/**
 * Redaction at write time (utils/ledger/redact.ts), over every request fixture the decoders and the
 * leak detector are tested with: what the shopper typed never survives in any form the leak detector
 * knows, identifiers become keyed digests, and the categories stay.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import { createRedactor } from '../../../utils/ledger/redact';
import { toFlow } from '../../../utils/ledger/rows';
import type { Flow, RequestRecord, TypedValues } from '../../../utils/model';

const dir = join(__dirname, '../../fixtures/requests');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as { record: RequestRecord }) }));

const classify = createClassifier();
const redactor = createRedactor(new Uint8Array(32).fill(1));
const hex = (text: string, hash: (b: Uint8Array) => Uint8Array) => bytesToHex(hash(new TextEncoder().encode(text)));

/** Every form of a typed value the leak detector recognises, as it could appear in a stored string. */
function forms(typed: TypedValues): string[] {
  const out: string[] = [];
  if (typed.email) {
    const email = typed.email.trim().toLowerCase();
    out.push(email, encodeURIComponent(email), btoa(email).replace(/=+$/, ''));
    for (const hash of [sha256, sha1, md5]) out.push(hex(email, hash));
  }
  if (typed.phone) {
    const digits = typed.phone.replace(/\D/g, '');
    for (const phone of [digits, `1${digits}`, `+1${digits}`])
      for (const hash of [sha256, sha1, md5]) out.push(hex(phone, hash));
  }
  return out;
}

function flowOf(record: RequestRecord): Flow | undefined {
  return toFlow(classify(record), { key: 'k:1', ts: 1_760_000_000_000 });
}

describe('redaction over every request fixture', () => {
  for (const fixture of fixtures) {
    it(fixture.file, () => {
      const flow = flowOf(fixture.record);
      if (!flow) return;
      const redacted = redactor.flow(flow);
      const stored = JSON.stringify(redacted).toLowerCase();
      for (const form of forms(fixture.record.typed ?? {})) expect(stored).not.toContain(form.toLowerCase());
      // No digest of anything stays in clear: hashed contact is described, others are keyed digests.
      expect(stored).not.toMatch(/(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-f])/);
      expect(stored).not.toMatch(/[a-z0-9._%+-]+(?:@|%40)[a-z0-9-]+\.[a-z]{2,}/);
      // Identifier parameters of the URL keep their name, never their value.
      const before = new URL(flow.url).searchParams;
      const after = new URL(redacted.url).searchParams;
      for (const e of flow.evidence.filter((e) => e.category === 'identifiers' && e.where === 'url')) {
        const value = before.get(e.key);
        if (value) expect(after.get(e.key)).not.toBe(value);
      }
      expect(redacted.categories).toEqual(flow.categories);
      expect(redacted.provenance).toBe('network');
      expect(redactor.flow(redacted)).toEqual(redacted);
    });
  }
});

describe('redaction rules', () => {
  const email = 'Rowan.Shopper@example.com';
  const emailHash = hex(email.toLowerCase(), sha256);
  const phoneHash = hex('15551234567', sha256);
  const page = 'https://www.demo-store.test/search?q=red+shoes&gclid=Cj0KCQ-abc123';
  const metaUrl =
    `https://www.facebook.com/tr?id=123&ev=Purchase&ud[em]=${emailHash}&ud[ph]=${phoneHash}` +
    `&fbp=fb.1.1690000000.123456789&dl=${encodeURIComponent(page)}`;
  const meta = flowOf({ url: metaUrl, method: 'GET', type: 'image', documentUrl: page })!;

  it('describes hashed contact and digests identifiers, keeping search terms and paths', () => {
    const out = redactor.flow(meta);
    expect(out.url).toContain('ud[em]=[email:sha256]');
    expect(out.url).toContain('ud[ph]=[phone:sha256]');
    expect(out.url).toMatch(/fbp=\[id:[0-9a-f]{12}\]/);
    expect(out.url).not.toContain('1690000000.123456789');
    expect(out.pageUrl).toMatch(/^https:\/\/www\.demo-store\.test\/search\?q=red\+shoes&gclid=\[id:[0-9a-f]{12}\]$/);
    expect(decodeURIComponent(out.url)).toContain('/search?q=red+shoes');
    expect(out.evidence.find((e) => e.key === 'fbp')?.sample).toMatch(/^\[id:[0-9a-f]{12}\]$/);
  });

  it('follows one id across rows of one ledger, never across ledgers', () => {
    const ga = (cid: string) =>
      redactor.url(`https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid=${cid}&en=page_view`);
    expect(ga('123456789.1690000000')).toBe(ga('123456789.1690000000'));
    expect(ga('123456789.1690000000')).not.toBe(ga('987654321.1690000000'));
    const other = createRedactor(new Uint8Array(32).fill(2));
    const url = 'https://region1.google-analytics.com/g/collect?cid=123456789.1690000000';
    expect(other.url(url)).not.toBe(redactor.url(url));
  });

  it('replaces typed values sent plain, URL-encoded or base64-encoded', () => {
    const url = `https://t.example/x?e=${encodeURIComponent(email)}&_kx=${btoa(email)}&note=${email}`;
    expect(redactor.url(url)).toBe('https://t.example/x?e=[email]&_kx=[email:base64]&note=[email]');
    expect(redactor.url(`https://t.example/u/${email}/p`)).toBe('https://t.example/u/[email]/p');
  });

  it('never keeps a shortened sample of a base64 payload (it decodes to the start of the value)', () => {
    const sample = btoa(email).slice(0, 6) + '…';
    expect(atob(sample.slice(0, 4))).toBe('Row');
    expect(redactor.text(sample)).toBe('[encoded]');
    expect(redactor.text('Running shoes for trail…')).toBe('Running shoes for trail…');
  });

  it('describes every sample of a field that carried a typed value (a base64 _kx id is the email)', () => {
    // Klaviyo's email-link id in the landing page's address, which GA4 receives as dl.
    const kx = btoa(email);
    const landing = `https://www.demo-store.test/?_kx=${encodeURIComponent(kx)}`;
    const record: RequestRecord = {
      url: `https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid=123.456&en=page_view&dl=${encodeURIComponent(landing)}`,
      method: 'GET',
      type: 'image',
      documentUrl: landing,
      typed: { email },
    };
    const classified = flowOf(record)!;
    const kxSamples = (flow: Flow) => flow.evidence.filter((e) => e.key.endsWith('_kx')).map((e) => e.sample);
    expect(kxSamples(classified).length).toBeGreaterThan(0);
    for (const sample of kxSamples(classified)) expect(sample).not.toContain(kx.slice(0, 4));
    // When the worker did not know the typed value, the classifier shortens the id ("Um93YW…"):
    // the ledger keeps a keyed digest instead, and the URL says what the value was.
    const unknown = flowOf({ ...record, typed: undefined })!;
    expect(kxSamples(unknown).some((sample) => sample.startsWith(kx.slice(0, 4)))).toBe(true);
    const stored = redactor.flow(unknown);
    for (const sample of kxSamples(stored)) expect(sample).toMatch(/^\[id:[0-9a-f]{12}\]$/);
    expect(JSON.stringify(stored)).not.toContain(kx.slice(0, 4));
    expect(decodeURIComponent(stored.url)).toContain('_kx=[email:base64]');
    expect(stored.pageUrl).toBe('https://www.demo-store.test/?_kx=[email:base64]');
    // A row an older release stored with the shortened sample: redacted to the description as well.
    const old: Flow = {
      ...classified,
      evidence: [
        { category: 'contact', where: 'url', key: '_kx', sample: 'typed email, base64', source: 'leak' },
        { category: 'identifiers', where: 'url', key: 'dl→_kx', sample: `${kx.slice(0, 6)}…`, source: 'generic' },
      ],
    };
    const out = redactor.flow({
      ...old,
      evidence: old.evidence.map((e) => (e.key === '_kx' ? { ...e, key: 'dl' } : e)),
    });
    expect(out.evidence.map((e) => e.sample)).toEqual(['typed email, base64', 'typed email, base64']);
  });

  it('redacts the page URL inside a probe or DOM row key, keeping the key stable', () => {
    const page = 'https://www.demo-store.test/landing?gclid=Cj0KCQiA-secret-click&q=rain+jacket';
    const row: Flow = {
      ...meta,
      key: `probe:${page}#fingerprinting:https://cdn.fp.example/agent.js?uid=1234567890abcdef`,
      pageUrl: page,
      requestType: 'probe',
      evidence: [],
    };
    const out = redactor.flow(row);
    expect(out.key).not.toContain('Cj0KCQiA-secret-click');
    expect(out.key).toMatch(
      /^probe:https:\/\/www\.demo-store\.test\/landing\?gclid=\[id:[0-9a-f]{12}\]&q=rain\+jacket#/,
    );
    expect(out.provenance).toBe('page');
    expect(redactor.flow(out).key).toBe(out.key);
  });

  it('scrubs every string of a row type it does not know', () => {
    const row = { title: `Order for ${email}`, nested: { ids: [emailHash] }, count: 3 };
    const out = redactor.row(row);
    expect(out.title).toBe('Order for [email]');
    expect(out.nested.ids[0]).toMatch(/^\[id:[0-9a-f]{12}\]$/);
    expect(out.count).toBe(3);
  });

  it('redacts a placement key as its page URL, so a key stays stable', () => {
    const placement = {
      key: `https://www.demo-store.test/checkout?email=${encodeURIComponent(email)}#recommendation::Recommended`,
      ts: 1,
      site: 'demo-store.test',
      pageUrl: `https://www.demo-store.test/checkout?email=${encodeURIComponent(email)}`,
      kind: 'recommendation' as const,
      label: 'Recommended',
      why: 'heading',
      categories: [],
    };
    const out = redactor.placement(placement);
    expect(out.pageUrl).toBe('https://www.demo-store.test/checkout?email=[email]');
    expect(out.key).toBe('https://www.demo-store.test/checkout?email=[email]#recommendation::Recommended');
    expect(redactor.placement(out)).toEqual(out);
  });
});

import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import { toFlow } from '../../../utils/ledger/rows';
import type { Flow, RequestRecord } from '../../../utils/model';
import { computeVerdict, describeViolation, type VerdictInput } from '../../../utils/audit/verdict';

const classify = createClassifier();
const PAGE = 'https://www.shop.test/product/trail-runner';
const T0 = Date.UTC(2026, 11, 4, 12);
const EMAIL_SHA256 = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';

let n = 0;
function flow(record: Omit<RequestRecord, 'documentUrl'>, at: number, overrides: Partial<Flow> = {}): Flow {
  const f = toFlow(classify({ documentUrl: PAGE, ...record }), { key: `k${++n}`, ts: T0 + at });
  if (!f) throw new Error(`no flow for ${record.url}`);
  return { ...f, ...overrides };
}

// Real wire formats: a Meta Pixel page view with a hashed email, a GA4 hit, a Criteo product view.
const metaWithEmail = (at: number, o?: Partial<Flow>) =>
  flow(
    {
      url: `https://www.facebook.com/tr/?id=940000000000001&ev=PageView&dl=${encodeURIComponent(PAGE)}&fbp=fb.1.1733300000000.123456789&ud[em]=${EMAIL_SHA256}`,
      method: 'GET',
      type: 'image',
    },
    at,
    o,
  );
const ga4 = (at: number) =>
  flow(
    {
      url: `https://region1.google-analytics.com/g/collect?v=2&tid=G-DEMO12345&cid=555.666&en=page_view&dl=${encodeURIComponent(PAGE)}`,
      method: 'POST',
      type: 'ping',
    },
    at,
  );
const criteo = (at: number) =>
  flow(
    {
      url: `https://sslwidget.criteo.com/event?a=77777&v=5.23.0&p0=e%3Dexd%26site_type%3Dd&p1=e%3Dvp%26p%3Dtrail-runner&dc=1&url=${encodeURIComponent(PAGE)}`,
      method: 'GET',
      type: 'image',
    },
    at,
  );

function input(overrides: Partial<VerdictInput>): VerdictInput {
  return {
    profile: 'gpc',
    failed: false,
    flows: [],
    startedAt: T0,
    gpc: { wellKnown: { present: true, gpc: true }, jsProperty: true, headerSent: true },
    banner: { cmp: null, answer: 'none' },
    gpcResourceUrl: 'https://www.shop.test/.well-known/gpc.json',
    ...overrides,
  };
}

describe('computeVerdict', () => {
  it('sees the fixtures as the vendors they are', () => {
    const meta = metaWithEmail(1);
    expect(meta.kind).not.toBe('analytics');
    expect(meta.categories).toEqual(expect.arrayContaining(['browsing', 'identifiers', 'contact']));
    expect(ga4(1).kind).toBe('analytics');
  });

  it('under gpc with no banner: advertising after the opt-out and contact to a third party, analytics not counted', () => {
    const verdict = computeVerdict(input({ flows: [ga4(100), metaWithEmail(250), metaWithEmail(900), criteo(400)] }));
    expect(verdict.status).toBe('violations-observed');
    const rules = verdict.violations.map((v) => `${v.rule} ${v.recipientSite}`);
    expect(rules).toEqual([
      'tracking-after-opt-out facebook.com',
      'tracking-after-opt-out criteo.com',
      'contact-to-third-party facebook.com',
    ]);
    const meta = verdict.violations[0];
    expect(meta.at).toBe(250);
    expect(meta.organization).toBeTruthy();
    expect(meta.categories).not.toContain('contact');
    expect(meta.evidence.length).toBeGreaterThan(0);
    expect(meta.evidence.length).toBeLessThanOrEqual(5);
    expect(meta.evidence[0].url).toContain('facebook.com/tr');
    const contact = verdict.violations[2];
    expect(contact.categories).toEqual(['contact']);
    expect(contact.evidence.every((e) => e.key.includes('em'))).toBe(true);
    // Samples redacted as the ledger keeps them; the URL is the ledger's own.
    expect(contact.evidence.map((e) => e.sample).join(' ')).not.toContain(EMAIL_SHA256);
    expect(contact.evidence[0].url).toBe(metaWithEmail(0).url);
  });

  it('one violation per rule and recipient, evidence capped at five', () => {
    const flows = Array.from({ length: 12 }, (_, i) => metaWithEmail(100 + i));
    const verdict = computeVerdict(input({ flows }));
    const after = verdict.violations.filter((v) => v.rule === 'tracking-after-opt-out');
    expect(after).toHaveLength(1);
    expect(after[0].evidence).toHaveLength(5);
  });

  it('blocked requests and DOM-only sightings did not reach anyone', () => {
    const verdict = computeVerdict(
      input({
        flows: [metaWithEmail(10, { action: 'blocked' }), metaWithEmail(10, { requestType: 'dom-img' })],
      }),
    );
    expect(verdict).toEqual({ status: 'no-violation-observed', violations: [] });
  });

  it('under observe: trackers before any consent, no opt-out rules', () => {
    const verdict = computeVerdict(input({ profile: 'observe', flows: [ga4(50), metaWithEmail(80)] }));
    expect(verdict.violations.map((v) => `${v.rule} ${v.recipientSite}`)).toEqual([
      'tracking-before-consent google-analytics.com',
      'tracking-before-consent facebook.com',
    ]);
  });

  it('with a banner refused: before the answer is before consent, after it is after the opt-out', () => {
    const verdict = computeVerdict(
      input({
        banner: { cmp: 'Klaro', answer: 'rejected' },
        bannerAnsweredAt: T0 + 500,
        flows: [criteo(100), metaWithEmail(800)],
      }),
    );
    expect(verdict.violations.map((v) => `${v.rule} ${v.recipientSite}`)).toEqual([
      'tracking-after-opt-out facebook.com',
      'contact-to-third-party facebook.com',
      'tracking-before-consent criteo.com',
    ]);
  });

  it('no gpc.json: informational only, with null recipient', () => {
    const verdict = computeVerdict(
      input({ gpc: { wellKnown: { present: false, gpc: null }, jsProperty: true, headerSent: true } }),
    );
    expect(verdict.status).toBe('no-violation-observed');
    expect(verdict.violations).toEqual([
      expect.objectContaining({ rule: 'no-gpc-support-declared', recipientSite: null, organization: null }),
    ]);
    expect(describeViolation(verdict.violations[0])).toMatch(/^Observed: /);
  });

  it('a failed visit is inconclusive whatever was seen', () => {
    const inconclusive = { status: 'inconclusive', violations: [] };
    expect(computeVerdict(input({ failed: true, flows: [metaWithEmail(5)] }))).toEqual(inconclusive);
    expect(
      computeVerdict(
        input({
          failed: true,
          gpc: { wellKnown: { present: false, gpc: null }, jsProperty: false, headerSent: false },
        }),
      ),
    ).toEqual(inconclusive);
  });

  it('never words a violation as a legal finding', () => {
    const verdict = computeVerdict(input({ flows: [metaWithEmail(5), criteo(6)], profile: 'gpc' }));
    for (const v of verdict.violations) expect(describeViolation(v)).not.toMatch(/illegal|unlawful/i);
  });
});

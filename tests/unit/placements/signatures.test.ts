// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isCategory } from '../../../utils/categories';
import { PLACEMENT_KINDS } from '../../../utils/model';
import { VENDOR_SIGNATURES, vendorById, vendorForScriptUrl, widgetRule } from '../../../utils/placements/signatures';

describe('vendor signatures', () => {
  it('have unique ids, known kinds and categories', () => {
    const ids = VENDOR_SIGNATURES.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const v of VENDOR_SIGNATURES) {
      expect(PLACEMENT_KINDS).toContain(v.kind);
      expect(v.categories.every(isCategory), v.id).toBe(true);
      expect(v.scriptHosts.length, v.id).toBeGreaterThan(0);
      expect(v.widgets.length + (v.markers?.length ?? 0), v.id).toBeGreaterThan(0);
      expect(vendorById(v.id)).toBe(v);
    }
  });

  it('every selector is valid CSS', () => {
    for (const v of VENDOR_SIGNATURES) {
      for (const sel of [...v.widgets.map((w) => widgetRule(w).selector), ...(v.markers ?? [])]) {
        expect(() => document.querySelectorAll(sel), `${v.id}: ${sel}`).not.toThrow();
      }
    }
  });

  it('widget selectors match the markup vendors render', () => {
    const samples: [string, string][] = [
      ['dynamic-yield', '<div data-dy-widget-id="118204" data-dy-feed-id="1"></div>'],
      ['nosto', '<div class="nosto_element" id="frontpage-nosto-1"></div>'],
      ['nosto', '<nosto-campaign placement="front-page"></nosto-campaign>'],
      ['richrelevance', '<div id="rr_placement_0"></div>'],
      ['algolia-recommend', '<section class="auc-Recommend"></section>'],
      ['constructor', '<div data-cnstrc-recommendations data-cnstrc-recommendations-pod-id="pdp"></div>'],
      ['salesforce-einstein', '<div id="cq_recomm_slot-abc"></div>'],
      ['klevu', '<div class="klevu-recs klevuTarget"></div>'],
      ['criteo', '<div id="crt-1198432"></div>'],
      ['google-ads', '<ins class="adsbygoogle" data-ad-status="filled"></ins>'],
      ['google-ads', '<div id="div-gpt-ad-1234567-0"></div>'],
    ];
    for (const [id, html] of samples) {
      document.body.innerHTML = html;
      const el = document.body.firstElementChild!;
      const v = vendorById(id)!;
      const hit = v.widgets.some((w) => el.matches(widgetRule(w).selector));
      expect(hit, `${id}: ${html}`).toBe(true);
    }
  });

  it('does not mistake utility classes or search boxes for vendor widgets', () => {
    document.body.innerHTML = `<div class="mt-20 ais-SearchBox dy-none br-2 auc-Recommend-list"></div><ins class="adsbygoogle" data-ad-status="unfilled"></ins>`;
    const all = VENDOR_SIGNATURES.flatMap((v) => v.widgets.map((w) => widgetRule(w).selector)).join(',');
    expect(document.querySelectorAll(all)).toHaveLength(0);
  });

  it('does not take utility CSS classes for vendor markers', () => {
    document.body.innerHTML = `<img class="br-100 br-pill mt-2 pa3" src="/a.jpg"><div class="ais-Hits mt-rec"></div>`;
    const markers = VENDOR_SIGNATURES.flatMap((v) => v.markers ?? []).join(',');
    expect(document.querySelectorAll(markers)).toHaveLength(0);
  });
});

describe('vendorForScriptUrl', () => {
  it('recognizes vendor script hosts and path prefixes', () => {
    expect(vendorForScriptUrl('https://cdn.dynamicyield.com/api/8771234/api_dynamic.js')?.id).toBe('dynamic-yield');
    expect(vendorForScriptUrl('//connect.nosto.com/include/shopify-1')?.id).toBe('nosto');
    expect(vendorForScriptUrl('https://js.klevu.com/recs/v2/klevu-recs.js')?.id).toBe('klevu');
    expect(vendorForScriptUrl('https://cdn.jsdelivr.net/npm/@algolia/recommend-js')?.id).toBe('algolia-recommend');
    expect(vendorForScriptUrl('https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js')?.id).toBe('google-ads');
  });

  it('does not match look-alike hosts, other paths or junk', () => {
    expect(vendorForScriptUrl('https://notdynamicyield.com/x.js')).toBeUndefined();
    expect(vendorForScriptUrl('https://js.klevu.com/core/v2/klevu.js')).toBeUndefined();
    expect(vendorForScriptUrl('https://cdn.jsdelivr.net/npm/preact')).toBeUndefined();
    expect(vendorForScriptUrl('/static/app.js')).toBeUndefined();
    expect(vendorForScriptUrl('')).toBeUndefined();
  });
});

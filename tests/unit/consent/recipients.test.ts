import { describe, expect, it } from 'vitest';
import type { Flow } from '../../../utils/model';
import { compileRules } from '../../../utils/consent/compile';
import { setCategory } from '../../../utils/consent/changes';
import { DEFAULT_POLICY } from '../../../utils/consent/model';
import { mergeRecipients, recipientsFromFlows, recipientsFromRegistry } from '../../../utils/consent/recipients';
import { simulate } from '../../../utils/consent/simulate';

type FlowPart = Pick<Flow, 'site' | 'recipientSite' | 'organization' | 'kind' | 'vendor' | 'thirdParty' | 'categories'>;
const flow = (over: Partial<FlowPart>): FlowPart => ({
  site: 'shop-a.example',
  recipientSite: 'facebook.com',
  organization: 'Meta',
  kind: 'advertising',
  vendor: 'meta-pixel',
  thirdParty: true,
  categories: [],
  ...over,
});

describe('recipientsFromFlows', () => {
  it('aggregates categories and retailers per recipient site, skipping first-party flows', () => {
    const list = recipientsFromFlows([
      flow({ categories: ['browsing'] }),
      flow({ site: 'shop-b.example', categories: ['contact', 'browsing'] }),
      flow({
        recipientSite: 'shop-a.example',
        organization: 'Shop A',
        kind: 'first-party',
        thirdParty: false,
        categories: ['search'],
      }),
      flow({
        recipientSite: 'klevu.com',
        organization: 'Klevu',
        kind: 'unknown',
        vendor: undefined,
        categories: ['search'],
      }),
    ]);
    expect(list).toEqual([
      {
        site: 'facebook.com',
        kind: 'advertising',
        organization: 'Meta',
        vendor: 'meta-pixel',
        categories: ['browsing', 'contact'],
        retailers: ['shop-a.example', 'shop-b.example'],
      },
      {
        site: 'klevu.com',
        kind: 'unknown',
        organization: 'Klevu',
        categories: ['search'],
        retailers: ['shop-a.example'],
      },
    ]);
  });

  it('skips recipient sites that are not domain names', () => {
    expect(recipientsFromFlows([flow({ recipientSite: '' }), flow({ recipientSite: '10.0.0.1:8080' })])).toEqual([]);
  });
});

describe('registry and merge', () => {
  const registry = [
    { id: 'hotjar', organization: 'Hotjar', kind: 'session-replay' as const, hosts: ['hotjar.com', 'hotjar.io'] },
    { id: 'meta-pixel', organization: 'Meta', kind: 'advertising' as const, hosts: ['facebook.com'] },
  ];

  it('lists one recipient per registry host', () => {
    expect(recipientsFromRegistry(registry).map((r) => r.site)).toEqual(['hotjar.com', 'hotjar.io', 'facebook.com']);
  });

  it('merges seen categories with known vendors, so a replay vendor is blocked before it is ever seen', () => {
    const seen = recipientsFromFlows([flow({ categories: ['contact'] })]);
    const all = mergeRecipients(seen, recipientsFromRegistry(registry));
    expect(all.find((r) => r.site === 'facebook.com')).toMatchObject({
      categories: ['contact'],
      retailers: ['shop-a.example'],
    });
    const { rules } = compileRules(setCategory(DEFAULT_POLICY, 'shop-c.example', 'behavior', 'revoked'), all);
    expect(
      simulate(rules, { url: 'https://script.hotjar.io/x.js', type: 'script', initiator: 'https://shop-c.example' })
        .outcome,
    ).toBe('blocked');
  });

  it('takes the registry kind when the ledger only knew "unknown"', () => {
    const seen = recipientsFromFlows([
      flow({ recipientSite: 'hotjar.com', organization: '', kind: 'unknown', categories: ['behavior'] }),
    ]);
    expect(mergeRecipients(seen, recipientsFromRegistry(registry)).find((r) => r.site === 'hotjar.com')).toMatchObject({
      kind: 'session-replay',
      organization: 'Hotjar',
      categories: ['behavior'],
    });
  });
});

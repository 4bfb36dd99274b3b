import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type ConsentPolicy } from '../../../utils/consent/model';
import { setCategory } from '../../../utils/consent/changes';
import { PolicyKeeper } from '../../../utils/worker/policy-keeper';

const SHOP = 'demo-store.test';

function setUp(options: { failEnforce?: (policy: ConsentPolicy) => boolean; slowSave?: boolean } = {}) {
  let stored: ConsentPolicy = DEFAULT_POLICY;
  const enforced: ConsentPolicy[] = [];
  const saves: string[] = [];
  const keeper = new PolicyKeeper(
    {
      load: async () => stored,
      save: async (policy) => {
        saves.push(JSON.stringify(policy.perSite));
        if (options.slowSave) await new Promise((resolve) => setTimeout(resolve, 5));
        stored = policy;
      },
    },
    async (policy) => {
      if (options.failEnforce?.(policy)) throw new Error('the browser refused the rules');
      enforced.push(policy);
    },
    () => undefined,
  );
  return { keeper, enforced, saves, stored: () => stored };
}

const revoke = (category: 'contact' | 'search') => (policy: ConsentPolicy) =>
  setCategory(policy, SHOP, category, 'revoked');

describe('policy keeper', () => {
  it('enforces the stored policy at start-up', async () => {
    const { keeper, enforced } = setUp();
    await keeper.ready;
    expect(enforced).toEqual([DEFAULT_POLICY]);
  });

  it('runs changes one at a time, each on the result of the one before', async () => {
    const { keeper, enforced, stored } = setUp({ slowSave: true });
    const first = keeper.update(revoke('contact'));
    const second = keeper.update(revoke('search'));
    await Promise.all([first, second]);
    expect(stored().perSite[SHOP]).toEqual({ contact: 'revoked', search: 'revoked' });
    expect(enforced.map((p) => p.perSite[SHOP])).toEqual([
      undefined,
      { contact: 'revoked' },
      { contact: 'revoked', search: 'revoked' },
    ]);
  });

  it('rolls a change back when its rules cannot be installed: stored and enforced as before', async () => {
    const failing = (policy: ConsentPolicy) => policy.perSite[SHOP]?.contact === 'revoked';
    const { keeper, enforced, stored } = setUp({ failEnforce: failing });
    await keeper.ready;
    await expect(keeper.update(revoke('contact'))).rejects.toThrow(/refused/);
    expect(stored()).toEqual(DEFAULT_POLICY);
    expect(await keeper.policy).toEqual(DEFAULT_POLICY);
    expect(enforced.at(-1)).toEqual(DEFAULT_POLICY);
    // The queue goes on from the policy in force.
    const next = await keeper.update(revoke('search'));
    expect(next.perSite[SHOP]).toEqual({ search: 'revoked' });
    expect(stored().perSite[SHOP]).toEqual({ search: 'revoked' });
  });

  it('reload enforces what is stored now (after an import or erase)', async () => {
    const { keeper, enforced } = setUp();
    await keeper.update(revoke('contact'));
    const reloaded = await keeper.reload();
    expect(reloaded.perSite[SHOP]).toEqual({ contact: 'revoked' });
    expect(enforced).toHaveLength(3);
  });
});

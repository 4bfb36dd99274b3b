import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClassifier, type Classifier } from '../../../utils/classify';
import type { ClassifiedRequest, RequestRecord } from '../../../utils/model';
import { loadTrackerDb } from '../../../utils/trackerdb';
import { loadTrackerLists } from '../../../utils/tracker-lists';
import { readTrackerDbTable, readTrackerListsEngine } from '../../../cli/tracker-data';
import { StagedClassifier } from '../../../utils/worker/staged-classifier';

// Real traffic of real pages (Ghostery's public request set, MPL-2.0, see its folder).
const requests = JSON.parse(
  readFileSync(new URL('../../fixtures/ghostery-requests/requests.json', import.meta.url), 'utf8'),
) as { url: string; sourceUrl: string; type: string }[];
const records: RequestRecord[] = requests.map((r) => ({
  url: r.url,
  method: 'GET',
  type: r.type,
  documentUrl: r.sourceUrl,
}));

describe('the staged classifier of a waking worker', () => {
  it('writes every request as the complete classifier would, and most before the lists are loaded', async () => {
    const trackerDb = loadTrackerDb(await readTrackerDbTable());
    const trackerLists = loadTrackerLists(await readTrackerListsEngine());
    const complete = createClassifier({ trackerDb, trackerLists });
    let listsLoaded!: (classify: Classifier) => void;
    const staged = new StagedClassifier(
      Promise.resolve(createClassifier({ trackerDb })),
      new Promise<Classifier>((resolve) => (listsLoaded = resolve)),
    );
    const early: ClassifiedRequest[] = [];
    const results = records.map((record) =>
      staged.classify(record).then((out) => {
        early.push(out);
        return out;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const beforeLists = early.length;
    listsLoaded(createClassifier({ trackerDb, trackerLists }));
    const all = await Promise.all(results);
    // The engine moves a filter that matched to the front of its bucket, so when two filters match, which
    // one names the request depends on what it matched before: the rule's text is left out.
    const withoutRule = ({ nameRule, ...rest }: ClassifiedRequest) => ({ ...rest, listed: nameRule !== undefined });
    all.forEach((out, i) => expect(withoutRule(out), records[i]!.url).toEqual(withoutRule(complete(records[i]!))));
    // Third-party trackers named by host are written without waiting; the rest waited for the lists.
    expect(beforeLists).toBeGreaterThan(records.length * 0.2);
    expect(beforeLists).toBeLessThan(records.length);
    // Once the lists are there, nothing waits.
    const after = staged.classify(records[0]!);
    expect(withoutRule(await after)).toEqual(withoutRule(complete(records[0]!)));
  });

  it('classifies without the lists when they fail to load, rather than never', async () => {
    const hostOnly = createClassifier();
    const staged = new StagedClassifier(Promise.resolve(hostOnly), Promise.resolve(hostOnly));
    const record = {
      url: 'https://www.shop.example/api/cart',
      method: 'GET',
      type: 'xmlhttprequest',
      documentUrl: 'https://www.shop.example/',
    };
    expect(await staged.classify(record)).toEqual(hostOnly(record));
  });
});

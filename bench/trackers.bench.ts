/**
 * Tracker naming on real traffic nobody here wrote: Ghostery's public request set (8,296 requests
 * of real pages, tests/fixtures/ghostery-requests, MPL-2.0), judged by EasyList + EasyPrivacy as
 * matched by Ghostery's own engine (@ghostery/adblocker, the same vendored lists):
 *   trackers.named_share        of the third-party requests the lists block, the share ShareLedger
 *                               names as a tracker (a tracking kind), with all its tracker data
 *   trackers.named_share_lists  the same with --tracker-data lists (no Ghostery Tracker Database)
 *   trackers.named_share_hosts  the same without the lists (host data only: what it was before)
 *   trackers.false_share        of the third-party requests the lists allow, the share named a tracker
 *   classify.real_median_us     median cost of ShareLedger's whole classification of one request
 *   classify.peer_median_us     median cost of Ghostery's engine alone (Request.fromRawDetails + match)
 *   classify.peer_ratio         real_median_us / peer_median_us (target ≤ 1.2)
 *   classify.peer_ratio_aa      A/A control: the peer against itself, measured the same way (≈ 1)
 * Method: every call timed on its own with process.hrtime.bigint() after two warm-up passes;
 * seven rounds over all requests, alternating which side runs first; each figure is the median of
 * the rounds' medians. Third party means what the engine means (Request.isThirdParty).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FiltersEngine, Request, type RequestType } from '@ghostery/adblocker';
import { createClassifier, TRACKING_KINDS, type Classifier } from '../utils/classify';
import type { RequestRecord } from '../utils/model';
import { openTrackerData, TRACKER_LISTS_DIR } from '../cli/tracker-data';

type Figures = Record<string, { value: number; unit: string }>;

interface GhosteryRequest {
  url: string;
  sourceUrl: string;
  type: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(HERE, '..', 'tests', 'fixtures', 'ghostery-requests', 'requests.json');
const ROUNDS = 7;

function median(xs: number[]): number {
  const s = Float64Array.from(xs).sort();
  return s[s.length >> 1]!;
}

/** Ghostery's engine over the same vendored lists, built the way its README shows. */
function peerEngine(): FiltersEngine {
  const text = ['easylist.txt', 'easyprivacy.txt'].map((f) => readFileSync(join(TRACKER_LISTS_DIR, f), 'utf8'));
  return FiltersEngine.parse(text.join('\n'), { loadCosmeticFilters: false, loadCSPFilters: false });
}

function peerMatch(engine: FiltersEngine, r: GhosteryRequest): boolean {
  return engine.match(Request.fromRawDetails({ url: r.url, sourceUrl: r.sourceUrl, type: r.type as RequestType }))
    .match;
}

function namesTracker(classify: Classifier, record: RequestRecord): boolean {
  const out = classify(record);
  return out.cloaked === true || TRACKING_KINDS.has(out.kind);
}

function timeEach(n: number, fn: (i: number) => unknown): number {
  const times: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return median(times);
}

export async function run(): Promise<Figures> {
  const requests = JSON.parse(readFileSync(FIXTURE, 'utf8')) as GhosteryRequest[];
  const records: RequestRecord[] = requests.map((r) => ({
    url: r.url,
    method: 'GET',
    type: r.type,
    documentUrl: r.sourceUrl,
  }));
  const engine = peerEngine();
  const warn = (line: string) => process.stderr.write(`  ${line}\n`);
  const all = await openTrackerData('all', warn);
  const lists = await openTrackerData('lists', warn);
  const classifyAll = createClassifier({ trackerDb: all.trackerDb, trackerLists: all.trackerLists });
  const classifyLists = createClassifier({ trackerLists: lists.trackerLists });
  const classifyHosts = createClassifier({ trackerDb: all.trackerDb });

  const blocked: number[] = [];
  const allowed: number[] = [];
  requests.forEach((r, i) => {
    const request = Request.fromRawDetails({ url: r.url, sourceUrl: r.sourceUrl, type: r.type as RequestType });
    if (!request.isThirdParty) return;
    (engine.match(request).match ? blocked : allowed).push(i);
  });
  const share = (classify: Classifier, indexes: number[]) =>
    indexes.filter((i) => namesTracker(classify, records[i]!)).length / indexes.length;

  // Warm-up, then alternating timed rounds.
  let sink = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < records.length; i++) {
      sink += classifyAll(records[i]!).categories.length;
      sink += peerMatch(engine, requests[i]!) ? 1 : 0;
    }
  }
  const ours: number[] = [];
  const peer: number[] = [];
  const peerAgain: number[] = [];
  const n = records.length;
  const timeOurs = () => ours.push(timeEach(n, (i) => (sink += classifyAll(records[i]!).categories.length)));
  const timePeer = (into: number[]) => into.push(timeEach(n, (i) => (sink += peerMatch(engine, requests[i]!) ? 1 : 0)));
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      timeOurs();
      timePeer(peer);
      timePeer(peerAgain);
    } else {
      timePeer(peerAgain);
      timePeer(peer);
      timeOurs();
    }
  }
  if (sink === 0) throw new Error('nothing matched: the bench is broken');
  const real = median(ours);
  const peerMedian = median(peer);
  return {
    'trackers.named_share': { value: share(classifyAll, blocked), unit: 'share' },
    'trackers.named_share_lists': { value: share(classifyLists, blocked), unit: 'share' },
    'trackers.named_share_hosts': { value: share(classifyHosts, blocked), unit: 'share' },
    'trackers.false_share': { value: share(classifyAll, allowed), unit: 'share' },
    'trackers.blocked_requests': { value: blocked.length, unit: 'requests' },
    'trackers.allowed_requests': { value: allowed.length, unit: 'requests' },
    'classify.real_median_us': { value: real, unit: 'µs' },
    'classify.peer_median_us': { value: peerMedian, unit: 'µs' },
    'classify.peer_ratio': { value: real / peerMedian, unit: 'ratio' },
    'classify.peer_ratio_aa': { value: median(peerAgain) / peerMedian, unit: 'ratio' },
  };
}

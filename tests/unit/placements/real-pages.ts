/**
 * The real-page corpus (tests/fixtures/real-pages): loading, and scoring the detector against the hand
 * labels. A detection matches a labelled row when its label (the heading text the detector read) and one
 * of the row's heading texts contain one another, after normalization.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PlacementKind } from '../../../utils/model';
import { normalizeHeading } from '../../../utils/placements/phrase-compiler';

export type RowKind = 'personal' | 'item-to-item' | 'sponsored' | 'decoy';

export interface LabelledRow {
  /** The row's heading; `|` separates texts that title the same row (a title and its subtitle). */
  heading: string;
  kind: RowKind;
  /** `articles` for rows of stories or videos (news pages): found only as `content-recommendation`. */
  subject?: 'articles';
}

export interface LabelledPage {
  shop: string;
  lang: string;
  /** `search`: a search-result page; `category`: a category listing (neither listing is itself a row). */
  type: 'product' | 'home' | 'search' | 'category' | 'news';
  url: string;
  source: string;
  rows: LabelledRow[];
}

export interface Detection {
  kind: PlacementKind;
  label: string;
}

export interface PageScore {
  /** Personalized rows (personal, item-to-item) found / labelled. */
  found: number;
  labelled: number;
  /** Detections that are right (a personalized row, or a sponsored row reported as an ad) / all. */
  correct: number;
  detected: number;
  /** What went wrong, for the failure message. */
  missed: string[];
  wrong: string[];
}

export const CORPUS_DIR = join(import.meta.dirname, '../../fixtures/real-pages');

export function loadLabels(): Record<string, LabelledPage> {
  return (JSON.parse(readFileSync(join(CORPUS_DIR, 'labels.json'), 'utf8')) as { pages: Record<string, LabelledPage> })
    .pages;
}

export function loadPage(file: string): string {
  return gunzipSync(readFileSync(join(CORPUS_DIR, file))).toString('utf8');
}

const PERSONALIZED: ReadonlySet<RowKind> = new Set(['personal', 'item-to-item']);

function matches(label: string, row: LabelledRow): boolean {
  const got = normalizeHeading(label);
  if (got === '') return false;
  return row.heading.split('|').some((text) => {
    const want = normalizeHeading(text);
    return want !== '' && (got.includes(want) || want.includes(got));
  });
}

export function scorePage(page: LabelledPage, detections: readonly Detection[]): PageScore {
  const score: PageScore = { found: 0, labelled: 0, correct: 0, detected: detections.length, missed: [], wrong: [] };
  const used = new Set<LabelledRow>();
  for (const d of detections) {
    const row = page.rows.find((r) => !used.has(r) && matches(d.label, r));
    if (row) used.add(row);
    const right =
      row !== undefined &&
      (PERSONALIZED.has(row.kind)
        ? row.subject === 'articles'
          ? d.kind === 'content-recommendation'
          : d.kind !== 'retargeting-ad' && d.kind !== 'content-recommendation'
        : row.kind === 'sponsored' && d.kind === 'retargeting-ad');
    if (right) score.correct++;
    else score.wrong.push(`${d.kind} "${d.label}"${row ? ` (labelled ${row.kind})` : ''}`);
  }
  for (const r of page.rows) {
    if (!PERSONALIZED.has(r.kind)) continue;
    score.labelled++;
    if (used.has(r)) score.found++;
    else score.missed.push(`${r.kind} "${r.heading}"`);
  }
  return score;
}

export interface Totals {
  found: number;
  labelled: number;
  correct: number;
  detected: number;
}

export function add(a: Totals, b: Totals): Totals {
  return {
    found: a.found + b.found,
    labelled: a.labelled + b.labelled,
    correct: a.correct + b.correct,
    detected: a.detected + b.detected,
  };
}

/** Recall and precision; 1 when there is nothing to find or nothing was reported. */
export function rates(t: Totals): { recall: number; precision: number } {
  return {
    recall: t.labelled === 0 ? 1 : t.found / t.labelled,
    precision: t.detected === 0 ? 1 : t.correct / t.detected,
  };
}

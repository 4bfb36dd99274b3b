/**
 * `shareledger placements FILE.html...`: runs the content script's placement detector on saved pages.
 * One JSON line per file: {"file","placements":[{"kind","label","vendor","categories"}]} or
 * {"file","error"}; the run goes on after a bad file and the exit code is 1 if any file failed.
 *
 * Pages are parsed with happy-dom with scripts, styles, frames and images off and every fetch refused,
 * so a saved page cannot run code or reach the network.
 */
import { readFile, stat } from 'node:fs/promises';
import { Window } from 'happy-dom';
import { detectPlacements } from '../utils/placements/detect';

/** Larger files are refused rather than parsed (a saved product page is a few MB). */
export const MAX_HTML_BYTES = 64 * 1024 * 1024;

export interface PlacementLine {
  file: string;
  placements?: { kind: string; label: string; vendor?: string; categories: string[] }[];
  error?: string;
}

/** Decodes page bytes the way a browser would for a local file: BOM, then <meta charset>, then UTF-8. */
export function decodeHtml(bytes: Uint8Array): { text: string } | { error: string } {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0) && !(head[0] === 0xff && head[1] === 0xfe) && !(head[0] === 0xfe && head[1] === 0xff)) {
    return { error: 'not an HTML text file (binary content)' };
  }
  let label = 'utf-8';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) label = 'utf-8';
  else if (head[0] === 0xff && head[1] === 0xfe) label = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) label = 'utf-16be';
  else {
    const ascii = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
    const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(ascii);
    if (m) label = m[1].toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return { text: decoder.decode(bytes) };
}

function errorMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ENOENT') return 'file not found';
  if (e?.code === 'EISDIR') return 'is a directory';
  if (e?.code === 'EACCES') return 'permission denied';
  return e?.message ?? String(err);
}

async function placementsOf(file: string, window: Window): Promise<PlacementLine> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { file, error: 'is a directory' };
    if (info.size > MAX_HTML_BYTES) return { file, error: `file larger than ${MAX_HTML_BYTES} bytes` };
    const decoded = decodeHtml(await readFile(file));
    if ('error' in decoded) return { file, error: decoded.error };
    const parser = new window.DOMParser();
    const doc = parser.parseFromString(decoded.text, 'text/html');
    const found = detectPlacements(doc as unknown as ParentNode);
    return {
      file,
      placements: found.map((p) => {
        // Key order is the documented output: kind, label, vendor, categories.
        const out: NonNullable<PlacementLine['placements']>[number] = {
          kind: p.kind,
          label: p.label,
          vendor: p.vendor,
          categories: p.categories,
        };
        if (!p.vendor) delete out.vendor;
        return out;
      }),
    };
  } catch (err) {
    return { file, error: errorMessage(err) };
  }
}

export async function runPlacements(files: string[], out: (line: string) => void): Promise<number> {
  if (files.length === 0 || files.includes('--help') || files.includes('-h')) {
    out(JSON.stringify({ error: 'usage: shareledger placements FILE.html...' }));
    return files.length === 0 ? 2 : 0;
  }
  const window = new Window({
    url: 'about:blank',
    settings: {
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableComputedStyleRendering: true,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
      },
      fetch: {
        interceptor: {
          beforeAsyncRequest: async ({ window: w }) => new w.Response('', { status: 403, statusText: 'offline' }),
          beforeSyncRequest: () =>
            ({
              status: 403,
              statusText: 'offline',
              ok: false,
              url: '',
              redirected: false,
              headers: new Headers(),
              body: Buffer.alloc(0),
            }) as never,
        },
      },
    },
  });
  let failed = 0;
  try {
    for (const file of files) {
      const line = await placementsOf(file, window);
      if (line.error !== undefined) failed++;
      out(JSON.stringify(line));
    }
  } finally {
    await window.happyDOM.close();
  }
  return failed > 0 ? 1 : 0;
}

/**
 * `shareledger classify --in FILE.ndjson | --har FILE.har [--tracker-data all|lists|none] [--phone-country CC]`
 * (contract in DESIGN.md): one NDJSON line per input request on stdout, with the input fields plus
 * site, thirdParty, recipientSite, organization, kind, vendor, nameSource (and nameRule), categories and
 * evidence. A malformed
 * line or HAR entry is reported on stderr with its number; the rest is still classified and the exit
 * code is 1 at the end. Typed values (input `typed`) are used for leak detection and never printed.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Entry, Har, Page } from 'har-format';
import { createClassifier, type Classifier } from '../utils/classify';
import { bodyToText, looksBinary } from '../utils/classify/body';
import { openTrackerData, parseTrackerDataChoice, TRACKER_DATA_USAGE, type TrackerDataChoice } from './tracker-data';
import type { ClassifiedRequest, RequestRecord, TypedValues } from '../utils/model';
import { isHttpUrl, isPlainObject } from '../utils/guards';

export interface ClassifyIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

const defaultIo: ClassifyIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

const USAGE = `usage: shareledger classify (--in FILE.ndjson | --har FILE.har) [--tracker-data all|lists|none] [--phone-country CC]
  --in FILE        NDJSON, one request a line: {url, method, type, documentUrl, requestBody?, typed?} ('-' reads stdin)
  --har FILE       a HAR export (DevTools, playwright recordHar with content: 'embed')
  ${TRACKER_DATA_USAGE}
  --no-trackerdb   the same as --tracker-data none
  --phone-country  calling code assumed for typed national phone numbers (leak detection), e.g. 49`;

interface Args {
  input?: { kind: 'ndjson' | 'har'; path: string };
  trackerData: TrackerDataChoice;
  phoneCountry?: string;
  help: boolean;
  error?: string;
}

function parseArgs(args: string[]): Args {
  const out: Args = { trackerData: 'all', help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) out.error = `${arg} needs a value`;
      return v ?? '';
    };
    if (arg === '--in' || arg === '--har') {
      if (out.input) out.error = 'give one of --in or --har, once';
      out.input = { kind: arg === '--in' ? 'ndjson' : 'har', path: value() };
    } else if (arg.startsWith('--in=')) out.input = { kind: 'ndjson', path: arg.slice(5) };
    else if (arg.startsWith('--har=')) out.input = { kind: 'har', path: arg.slice(6) };
    else if (arg === '--no-trackerdb') out.trackerData = 'none';
    else if (arg === '--tracker-data' || arg.startsWith('--tracker-data=')) {
      const parsed = parseTrackerDataChoice(arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : value());
      if ('choice' in parsed) out.trackerData = parsed.choice;
      else out.error = parsed.error;
    } else if (arg === '--phone-country') out.phoneCountry = value();
    else if (arg === '--help' || arg === '-h') out.help = true;
    else out.error = `unknown argument: ${arg}`;
  }
  if (!out.help && !out.error && !out.input) out.error = 'missing --in FILE or --har FILE';
  return out;
}

/** The output line: input fields (never `typed`, never the body) plus the classification. */
function toOutput(c: ClassifiedRequest): Record<string, unknown> {
  const out: Record<string, unknown> = { url: c.url, method: c.method, type: c.type };
  if (c.documentUrl !== undefined) out.documentUrl = c.documentUrl;
  if (c.bodyUnreadable) out.bodyUnreadable = true;
  out.site = c.site;
  out.thirdParty = c.thirdParty;
  out.recipientSite = c.recipientSite;
  out.organization = c.organization;
  out.kind = c.kind;
  if (c.vendor !== undefined) out.vendor = c.vendor;
  if (c.cloaked) out.cloaked = true;
  if (c.nameSource !== undefined) out.nameSource = c.nameSource;
  if (c.nameRule !== undefined) out.nameRule = c.nameRule;
  out.categories = c.categories;
  out.evidence = c.evidence;
  return out;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Validates one NDJSON record; a string is the reason it is unusable. */
export function recordFromJson(value: unknown): RequestRecord | string {
  if (!isPlainObject(value)) return 'not a JSON object';
  const v = value;
  if (typeof v.url !== 'string' || v.url === '') return 'missing "url" (a string)';
  for (const key of ['method', 'type', 'documentUrl', 'requestBody'] as const) {
    if (v[key] !== undefined && v[key] !== null && typeof v[key] !== 'string') return `"${key}" must be a string`;
  }
  if (v.typed !== undefined && !isPlainObject(v.typed)) return '"typed" must be an object';
  const record: RequestRecord = {
    url: v.url,
    method: typeof v.method === 'string' && v.method ? v.method : 'GET',
    type: typeof v.type === 'string' && v.type ? v.type : 'other',
  };
  if (typeof v.documentUrl === 'string') record.documentUrl = v.documentUrl;
  if (typeof v.requestBody === 'string') record.requestBody = v.requestBody;
  if (v.bodyUnreadable === true) record.bodyUnreadable = true;
  const headers = stringMap(v.headers);
  if (headers) record.headers = headers;
  const typed = stringMap(v.typed);
  if (typed) record.typed = typed as TypedValues;
  return record;
}

async function classifyNdjson(path: string, classify: Classifier, io: ClassifyIo): Promise<number> {
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let failures = 0;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      failures++;
      io.stderr(`line ${n}: invalid JSON (${(error as Error).message})`);
      continue;
    }
    const record = recordFromJson(parsed);
    if (typeof record === 'string') {
      failures++;
      io.stderr(`line ${n}: ${record}`);
      continue;
    }
    io.stdout(JSON.stringify(toOutput(classify(record))));
  }
  return failures;
}

const TYPE_BY_RESOURCE: Record<string, string> = {
  document: 'main_frame',
  xhr: 'xmlhttprequest',
  fetch: 'xmlhttprequest',
  image: 'image',
  script: 'script',
  stylesheet: 'stylesheet',
  font: 'font',
  media: 'media',
  ping: 'ping',
  beacon: 'ping',
  websocket: 'websocket',
  other: 'other',
};

function typeOfEntry(entry: Entry): string {
  const resource = (entry as Entry & { _resourceType?: string })._resourceType;
  if (resource && TYPE_BY_RESOURCE[resource]) return TYPE_BY_RESOURCE[resource]!;
  const mime = entry.response?.content?.mimeType ?? '';
  if (mime.startsWith('image/')) return 'image';
  if (mime.includes('javascript')) return 'script';
  if (mime.includes('css')) return 'stylesheet';
  if (mime.startsWith('font/') || mime.includes('font')) return 'font';
  if (mime.includes('html') && entry.request.method === 'GET') return 'main_frame';
  return entry.request.method === 'GET' ? 'other' : 'xmlhttprequest';
}

function headerOf(entry: Entry, name: string): string | undefined {
  return entry.request.headers?.find((h) => h.name.toLowerCase() === name)?.value;
}

/** Page URL per HAR page id: the page title when it is a URL, else the page's first document request. */
function pageUrls(pages: readonly Page[], entries: readonly Entry[]): Map<string, string> {
  const urls = new Map<string, string>();
  for (const page of pages) if (isHttpUrl(page.title)) urls.set(page.id, page.title);
  for (const entry of entries) {
    const ref = entry.pageref;
    if (!ref || urls.has(ref)) continue;
    if (typeOfEntry(entry) === 'main_frame') urls.set(ref, entry.request.url);
  }
  return urls;
}

/** A HAR entry as a RequestRecord; HAR bodies are text, so compressed or binary ones are unreadable. */
export function recordFromHarEntry(entry: Entry, pages: Map<string, string>): RequestRecord | string {
  const request = entry?.request;
  if (!request || typeof request.url !== 'string' || request.url === '') return 'missing request.url';
  const record: RequestRecord = {
    url: request.url,
    method: typeof request.method === 'string' ? request.method : 'GET',
    type: typeOfEntry(entry),
  };
  const documentUrl = (entry.pageref && pages.get(entry.pageref)) || headerOf(entry, 'referer');
  if (documentUrl) record.documentUrl = documentUrl;
  const headers: Record<string, string> = {};
  for (const h of request.headers ?? [])
    if (typeof h?.name === 'string' && typeof h.value === 'string') headers[h.name.toLowerCase()] = h.value;
  if (Object.keys(headers).length) record.headers = headers;
  const post = request.postData;
  if (post) {
    const encoded = (post as { encoding?: string }).encoding === 'base64';
    const compressed = /gzip|deflate|br|zstd/.test(headers['content-encoding'] ?? '');
    let text = post.text ?? '';
    if (!text && post.params?.length)
      text = new URLSearchParams(post.params.map((p) => [p.name, p.value ?? ''])).toString();
    if (encoded && text) {
      const decoded = bodyToText(Buffer.from(text, 'base64'), { headers, url: request.url });
      if (decoded.text !== undefined) record.requestBody = decoded.text;
      else record.bodyUnreadable = true;
    } else if (compressed || (text && (text.includes('\uFFFD') || looksBinary(text)))) {
      record.bodyUnreadable = true;
    } else if (text) {
      record.requestBody = text;
    } else if ((request.bodySize ?? 0) > 0) {
      record.bodyUnreadable = true;
    }
  }
  return record;
}

async function classifyHar(path: string, classify: Classifier, io: ClassifyIo): Promise<number | 'fatal'> {
  let har: Har;
  try {
    har = JSON.parse(await readFile(path, 'utf8')) as Har;
  } catch (error) {
    io.stderr(`cannot read HAR ${path}: ${(error as Error).message}`);
    return 'fatal';
  }
  const entries = har?.log?.entries;
  if (!Array.isArray(entries)) {
    io.stderr(`${path}: not a HAR file (no log.entries)`);
    return 'fatal';
  }
  const pages = pageUrls(Array.isArray(har.log.pages) ? har.log.pages : [], entries);
  let failures = 0;
  entries.forEach((entry, i) => {
    const record = recordFromHarEntry(entry, pages);
    if (typeof record === 'string') {
      failures++;
      io.stderr(`entry ${i + 1}: ${record}`);
      return;
    }
    io.stdout(JSON.stringify(toOutput(classify(record))));
  });
  return failures;
}

export async function runClassify(args: string[], io: ClassifyIo = defaultIo): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (parsed.error || !parsed.input) {
    io.stderr(`classify: ${parsed.error}`);
    io.stderr(USAGE);
    return 2;
  }
  const { kind, path } = parsed.input;
  if (path !== '-' && !existsSync(path)) {
    io.stderr(`classify: no such file: ${path}`);
    return 2;
  }
  const trackerData = await openTrackerData(parsed.trackerData, io.stderr);
  const classify = createClassifier({
    trackerDb: trackerData.trackerDb,
    trackerLists: trackerData.trackerLists,
    phoneCountryCode: parsed.phoneCountry,
  });
  const failures = kind === 'har' ? await classifyHar(path, classify, io) : await classifyNdjson(path, classify, io);
  if (failures === 'fatal') return 2;
  if (failures > 0) {
    io.stderr(
      `classify: ${failures} malformed ${kind === 'har' ? 'entr' : 'line'}${failures === 1 ? (kind === 'har' ? 'y' : '') : kind === 'har' ? 'ies' : 's'} skipped`,
    );
    return 1;
  }
  return 0;
}

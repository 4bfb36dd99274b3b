/**
 * What the MAIN-world probes observe, as one list every other probe module derives from: the API
 * uses a page script can make, the session-replay vendor globals we look for, and the report shape.
 * A report is untrusted (any page script can forge one), so it carries counts only, never verdicts.
 */

/**
 * Observed API uses, each counted per calling script. Counts of the `distinct` ones are numbers of
 * distinct things (fonts, navigator properties, form fields), the others numbers of calls.
 */
export const PROBE_APIS = [
  /** toDataURL / toBlob / getImageData on a 2D canvas that had text drawn on it. */
  'canvas.readback-text',
  /** The same read-backs on canvases without text (images, charts of shapes). */
  'canvas.readback',
  /** WEBGL_debug_renderer_info: UNMASKED_RENDERER/VENDOR_WEBGL, or asking for the extension. */
  'webgl.renderer',
  'webgl.extensions',
  'webgl.readpixels',
  /** OfflineAudioContext.startRendering: renders audio off-screen, the audio fingerprint. */
  'audio.offline-render',
  /** Distinct fonts measured with CanvasRenderingContext2D.measureText. */
  'font.measure',
  /** Distinct fonts asked for with document.fonts.check. */
  'font.check',
  /**
   * Distinct font-family values of elements whose size was then read (offsetWidth, offsetHeight,
   * getBoundingClientRect): font enumeration by measuring `<span>` widths (ClientJS, fingerprintjs2).
   */
  'font.layout',
  /** Distinct fingerprint-relevant navigator properties read (plugins, hardwareConcurrency, ...). */
  'navigator.read',
  /** navigator.userAgentData.getHighEntropyValues. */
  'navigator.high-entropy',
  /** Listeners on window/document/html/body. */
  'listen.mousemove',
  'listen.scroll',
  'listen.click',
  'listen.key-global',
  'listen.input-global',
  /** Distinct form fields given key/input/change listeners. */
  'listen.field',
  /** MutationObserver on the whole document with attributes or text: a DOM recorder. */
  'mutation.recorder',
] as const;

export type ProbeApi = (typeof PROBE_APIS)[number];

export const PROBE_API_SET: ReadonlySet<string> = new Set(PROBE_APIS);

export function isProbeApi(value: unknown): value is ProbeApi {
  return typeof value === 'string' && PROBE_API_SET.has(value);
}

/** Navigator properties a fingerprinting sweep reads and ordinary page code rarely does. */
export const NAVIGATOR_PROPERTIES = [
  'plugins',
  'mimeTypes',
  'hardwareConcurrency',
  'deviceMemory',
  'maxTouchPoints',
  'languages',
  'platform',
  'doNotTrack',
  'pdfViewerEnabled',
  'vendor',
  'productSub',
  'connection',
] as const;

/**
 * Globals that session-replay recorders define, and the hosts their scripts come from (to attribute
 * the global to a script).
 */
export const SESSION_REPLAY_GLOBALS = [
  { global: 'FS', hosts: ['fullstory.com'] },
  { global: '_fs_namespace', hosts: ['fullstory.com'] },
  { global: 'hj', hosts: ['hotjar.com'] },
  { global: 'clarity', hosts: ['clarity.ms'] },
  { global: '_uxa', hosts: ['contentsquare.net'] },
  { global: 'mouseflow', hosts: ['mouseflow.com'] },
  { global: 'smartlook', hosts: ['smartlook.com'] },
  { global: 'LogRocket', hosts: ['logrocket.io', 'lr-ingest.io', 'lr-in.com'] },
  { global: '__lo_site_id', hosts: ['luckyorange.com'] },
  { global: '__insp', hosts: ['inspectlet.com'] },
  { global: 'QuantumMetricAPI', hosts: ['quantummetric.com'] },
  { global: 'decibelInsight', hosts: ['decibelinsight.net'] },
] as const;

export type SessionReplayGlobal = (typeof SESSION_REPLAY_GLOBALS)[number]['global'];

const GLOBAL_SET: ReadonlySet<string> = new Set(SESSION_REPLAY_GLOBALS.map((g) => g.global));

export function isSessionReplayGlobal(value: unknown): value is SessionReplayGlobal {
  return typeof value === 'string' && GLOBAL_SET.has(value);
}

export type ProbeUses = Partial<Record<ProbeApi, number>>;

/** The calling script: an http(s) URL, or 'inline' (a script in the page itself), or 'unknown'. */
export interface ScriptUses {
  script: string;
  uses: ProbeUses;
}

/** What one frame's probes saw so far (cumulative: every report replaces the one before). */
export interface ProbeReport {
  /** The frame's URL as the page says (untrusted: the background uses the sender's URL). */
  page: string;
  scripts: ScriptUses[];
  globals: SessionReplayGlobal[];
}

/** Limits shared by the recorder (what it sends) and the validator (what it accepts). */
export const PROBE_LIMITS = {
  scripts: 64,
  scriptUrlLength: 500,
  pageUrlLength: 2000,
  count: 100_000,
  /** Distinct fonts / properties / fields remembered per script. */
  distinct: 256,
} as const;

/** The DOM event the MAIN-world probe dispatches on window; its detail is the report as JSON text. */
export const PROBE_EVENT = 'shareledger:probe-report';

export const PROBE_KINDS = ['fingerprinting', 'session-replay', 'keystroke-capture'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** A scored finding: one script doing one kind of thing. */
export interface ProbeVerdict {
  script: string;
  kind: ProbeKind;
  score: number;
  /** What it did, as `api=count` and `global:NAME`, in a fixed order. */
  signals: string[];
}

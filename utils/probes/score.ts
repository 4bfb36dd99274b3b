/**
 * Scores what the MAIN-world probes saw into verdicts: which script fingerprints the device, records
 * the session, or captures keystrokes. Weights and thresholds are data; a single signal never
 * suffices (one canvas read-back of a chart is ordinary page code, not fingerprinting).
 */
import {
  SESSION_REPLAY_GLOBALS,
  type ProbeApi,
  type ProbeKind,
  type ProbeReport,
  type ProbeUses,
  type ProbeVerdict,
  type SessionReplayGlobal,
} from './apis';

interface Signal {
  api: ProbeApi;
  /** Count at which the signal counts at all. */
  min: number;
  points: number;
  /** Signals of one group corroborate each other less than signals of different groups. */
  group: string;
}

/** Fingerprinting: canvas, WebGL, audio, fonts and navigator sweeps. */
export const FINGERPRINT_SIGNALS: readonly Signal[] = [
  { api: 'canvas.readback-text', min: 1, points: 3, group: 'canvas' },
  { api: 'canvas.readback', min: 2, points: 1, group: 'canvas' },
  { api: 'webgl.renderer', min: 1, points: 3, group: 'webgl' },
  { api: 'webgl.extensions', min: 1, points: 1, group: 'webgl' },
  { api: 'webgl.readpixels', min: 1, points: 1, group: 'webgl' },
  { api: 'audio.offline-render', min: 1, points: 3, group: 'audio' },
  { api: 'font.measure', min: 20, points: 3, group: 'font' },
  { api: 'font.check', min: 20, points: 3, group: 'font' },
  // Higher than the canvas font signals: a font picker shows dozens of fonts, each in its own face.
  { api: 'font.layout', min: 50, points: 3, group: 'font' },
  { api: 'navigator.read', min: 6, points: 2, group: 'navigator' },
  { api: 'navigator.high-entropy', min: 1, points: 2, group: 'navigator' },
];

/** Behaviour recording: pointer and key listeners on the whole page, DOM recorders. */
export const RECORDING_SIGNALS: readonly Signal[] = [
  { api: 'mutation.recorder', min: 1, points: 3, group: 'recorder' },
  { api: 'listen.mousemove', min: 1, points: 2, group: 'pointer' },
  { api: 'listen.scroll', min: 1, points: 1, group: 'pointer' },
  { api: 'listen.click', min: 1, points: 1, group: 'pointer' },
  { api: 'listen.key-global', min: 1, points: 2, group: 'keys' },
  { api: 'listen.input-global', min: 1, points: 2, group: 'keys' },
  { api: 'listen.field', min: 3, points: 2, group: 'keys' },
];

/** Points for a known session-replay global attributed to the script (group 'recorder'). */
export const VENDOR_GLOBAL_POINTS = 3;

export const THRESHOLDS = {
  /** Score and number of distinct groups (canvas alone, however often, is not enough). */
  fingerprinting: { score: 6, groups: 2 },
  /** Score, with a recorder signal (DOM recorder or vendor global) and pointer or key listeners. */
  sessionReplay: { score: 6 },
  /** Score from key signals alone, from at least two different ones. */
  keystrokeCapture: { score: 4, signals: 2 },
} as const;

interface Scored {
  score: number;
  signals: string[];
  groups: Set<string>;
}

function scoreSignals(uses: ProbeUses, table: readonly Signal[], only?: string): Scored {
  const out: Scored = { score: 0, signals: [], groups: new Set() };
  for (const signal of table) {
    if (only !== undefined && signal.group !== only) continue;
    const count = uses[signal.api] ?? 0;
    if (count < signal.min) continue;
    out.score += signal.points;
    out.signals.push(`${signal.api}=${count}`);
    out.groups.add(signal.group);
  }
  return out;
}

function hostOf(script: string): string {
  if (!script.startsWith('http')) return '';
  try {
    return new URL(script).hostname;
  } catch {
    return '';
  }
}

function hostMatches(host: string, hosts: readonly string[]): boolean {
  return hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

/**
 * The scripts each vendor global belongs to: those served from the vendor's hosts. A global without
 * such a script is not attributed (a shop's own UI code also watches pointer and keys).
 */
function attributeGlobals(report: ProbeReport): Map<string, SessionReplayGlobal[]> {
  const byScript = new Map<string, SessionReplayGlobal[]>();
  for (const name of report.globals) {
    const entry = SESSION_REPLAY_GLOBALS.find((g) => g.global === name);
    if (!entry) continue;
    for (const { script } of report.scripts) {
      if (!hostMatches(hostOf(script), entry.hosts)) continue;
      const list = byScript.get(script) ?? [];
      list.push(name);
      byScript.set(script, list);
    }
  }
  return byScript;
}

function verdict(script: string, kind: ProbeKind, scored: Scored): ProbeVerdict {
  return { script, kind, score: scored.score, signals: scored.signals };
}

/** Verdicts for every script of a (validated) report that crosses a threshold. */
export function scoreProbeReport(report: ProbeReport): ProbeVerdict[] {
  const globals = attributeGlobals(report);
  const verdicts: ProbeVerdict[] = [];
  for (const { script, uses } of report.scripts) {
    const fingerprint = scoreSignals(uses, FINGERPRINT_SIGNALS);
    if (
      fingerprint.score >= THRESHOLDS.fingerprinting.score &&
      fingerprint.groups.size >= THRESHOLDS.fingerprinting.groups
    ) {
      verdicts.push(verdict(script, 'fingerprinting', fingerprint));
    }

    const recording = scoreSignals(uses, RECORDING_SIGNALS);
    for (const name of globals.get(script) ?? []) {
      recording.score += VENDOR_GLOBAL_POINTS;
      recording.signals.push(`global:${name}`);
      recording.groups.add('recorder');
    }
    const watchesBehaviour = recording.groups.has('pointer') || recording.groups.has('keys');
    if (recording.groups.has('recorder') && watchesBehaviour && recording.score >= THRESHOLDS.sessionReplay.score) {
      verdicts.push(verdict(script, 'session-replay', recording));
      continue; // a session recorder captures keys too: one verdict, not two
    }

    const keys = scoreSignals(uses, RECORDING_SIGNALS, 'keys');
    if (keys.score >= THRESHOLDS.keystrokeCapture.score && keys.signals.length >= THRESHOLDS.keystrokeCapture.signals) {
      verdicts.push(verdict(script, 'keystroke-capture', keys));
    }
  }
  return verdicts;
}

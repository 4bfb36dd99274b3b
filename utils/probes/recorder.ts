/**
 * The MAIN-world probes: thin wrappers around the APIs fingerprinting and session-replay scripts
 * use, counting each use against the calling script. Runs in the page's own world, so it has no
 * extension APIs and must not change what the page sees: every wrapper is a Proxy of the original
 * (same name, length and native-looking toString), calls it with the same `this` and arguments,
 * returns what it returns, and never lets our bookkeeping throw into the page. toString of a
 * wrapper shows the original's text.
 * Hot wrappers (addEventListener, fillText, measureText, getParameter, layout reads) decide cheaply whether a call
 * is interesting before capturing a stack, and each API has a budget of stack captures.
 */
import {
  NAVIGATOR_PROPERTIES,
  PROBE_LIMITS,
  SESSION_REPLAY_GLOBALS,
  type ProbeApi,
  type ProbeReport,
  type ProbeUses,
  type SessionReplayGlobal,
} from './apis';
import { scriptFromStack, withoutHash } from './stack';

/** Stack captures allowed per API: enough to cross any threshold, bounded on pages that loop. */
export const STACK_BUDGET = 512;
/** Stack captures allowed per navigator property (some libraries read `platform` in loops). */
const NAVIGATOR_BUDGET = 64;
/** Font-family values remembered for layout reads: far above any font list, bounded on odd pages. */
const MEASURED_FAMILIES_LIMIT = 2048;

const UNMASKED_VENDOR_WEBGL = 0x9245;
const UNMASKED_RENDERER_WEBGL = 0x9246;

type ListenKind = 'listen.mousemove' | 'listen.scroll' | 'listen.click' | 'key' | 'input';
const LISTENED: Record<string, ListenKind | undefined> = Object.assign(
  Object.create(null) as Record<string, ListenKind>,
  {
    mousemove: 'listen.mousemove',
    pointermove: 'listen.mousemove',
    scroll: 'listen.scroll',
    click: 'listen.click',
    keydown: 'key',
    keypress: 'key',
    keyup: 'key',
    input: 'input',
    change: 'input',
  },
);

const FIELD_TAGS: Record<string, true | undefined> = Object.assign(Object.create(null) as Record<string, true>, {
  INPUT: true,
  TEXTAREA: true,
  SELECT: true,
});

interface ScriptState {
  uses: ProbeUses;
  distinct: Map<ProbeApi, Set<string>>;
  fields?: WeakSet<object>;
}

export interface ProbeRecorder {
  /** Everything seen so far (cumulative). */
  snapshot(): ProbeReport;
  /** True when something was recorded since the last `markReported()`. */
  readonly dirty: boolean;
  markReported(): void;
}

export interface InstallOptions {
  /** Called after each newly recorded use (cheap; the caller throttles). */
  onChange?: () => void;
  /** Stack of the current call; tests pass their own. */
  stack?: () => string | undefined;
}

type AnyFunction = (...args: unknown[]) => unknown;
type Hook = (self: unknown, args: unknown[]) => void;

// Page-facing globals vary by browser and frame; look them up loosely, never assume they exist.
type Globals = Record<string, unknown>;

function prototypeOf(win: Globals, name: string): Record<string, unknown> | undefined {
  const ctor = win[name];
  if (typeof ctor !== 'function') return undefined;
  const proto = (ctor as { prototype?: unknown }).prototype;
  // Function.prototype is itself a function.
  return (typeof proto === 'object' && proto !== null) || typeof proto === 'function'
    ? (proto as Record<string, unknown>)
    : undefined;
}

/** Frames enough to pass our own few and reach the caller; bounds the cost where a page raised the limit. */
const STACK_FRAMES = 16;

/**
 * The current stack, taken with the Error constructor as it was before page scripts ran, and with a
 * bounded frame limit (a page may have set it to 0, or to Infinity).
 */
function nativeStack(win: typeof globalThis): () => string | undefined {
  const ErrorCtor = (win.Error ?? Error) as ErrorConstructor & { stackTraceLimit?: number };
  if (typeof ErrorCtor.stackTraceLimit !== 'number') return () => new ErrorCtor().stack; // not V8
  return () => {
    const limit = ErrorCtor.stackTraceLimit;
    ErrorCtor.stackTraceLimit = STACK_FRAMES;
    try {
      return new ErrorCtor().stack;
    } finally {
      ErrorCtor.stackTraceLimit = limit;
    }
  };
}

export function installProbes(win: typeof globalThis, options: InstallOptions = {}): ProbeRecorder {
  const globals = win as unknown as Globals;
  const apply = Reflect.apply;
  const stackOf = options.stack ?? nativeStack(win);
  const doc = win.document as Document | undefined;
  const documentUrls = [withoutHash(String(win.location?.href ?? ''))];
  const scripts = new Map<string, ScriptState>();
  const budget = new Map<string, number>();
  /** Each wrapper and what it wraps, so toString shows the original's source. */
  const originals = new WeakMap<object, AnyFunction>();
  const originalOf = WeakMap.prototype.get;
  let dirty = false;

  function wrap(proto: Record<string, unknown> | undefined, name: string, hook: Hook, accessor = false): void {
    if (!proto) return;
    // Own in browsers; inherited in some DOM implementations: then our wrapper shadows it.
    let desc: PropertyDescriptor | undefined;
    for (let p: object | null = proto; p && !desc; p = Object.getPrototypeOf(p) as object | null)
      desc = Object.getOwnPropertyDescriptor(p, name);
    const original = accessor ? desc?.get : desc?.value;
    if (!desc || typeof original !== 'function') return;
    const proxy = new Proxy(original as AnyFunction, {
      apply(target, self, args: unknown[]) {
        try {
          hook(self, args);
        } catch {
          // Our bookkeeping failed: the page's call goes on regardless.
        }
        return apply(target, self, args);
      },
    });
    try {
      Object.defineProperty(proto, name, accessor ? { ...desc, get: proxy } : { ...desc, value: proxy });
      originals.set(proxy, original as AnyFunction);
    } catch {
      // A frozen prototype: leave it alone.
    }
  }

  /**
   * Function.prototype.toString of a Proxy reads "function () { [native code] }", without the name
   * that the original shows: answer for our wrappers (and for itself) with the original's text.
   */
  function maskToString(): void {
    const functionProto = prototypeOf(globals, 'Function');
    const toString = functionProto?.toString;
    if (!functionProto || typeof toString !== 'function') return;
    const proxy = new Proxy(toString as AnyFunction, {
      apply(target, self, args: unknown[]) {
        let original: unknown;
        try {
          original = apply(originalOf, originals, [self]);
        } catch {
          original = undefined;
        }
        return apply(target, original ?? self, args);
      },
    });
    try {
      Object.defineProperty(functionProto, 'toString', {
        ...Object.getOwnPropertyDescriptor(functionProto, 'toString'),
        value: proxy,
      });
      originals.set(proxy, toString as AnyFunction);
    } catch {
      // Leave it.
    }
  }

  function spend(key: string): boolean {
    const left = budget.get(key) ?? (key.startsWith('nav:') ? NAVIGATOR_BUDGET : STACK_BUDGET);
    if (left <= 0) return false;
    budget.set(key, left - 1);
    return true;
  }

  function caller(): ScriptState | undefined {
    const current = withoutHash(String(win.location?.href ?? ''));
    if (current !== documentUrls[documentUrls.length - 1] && documentUrls.length < 8) documentUrls.push(current);
    const script = scriptFromStack(stackOf(), documentUrls);
    let state = scripts.get(script);
    if (!state) {
      if (scripts.size >= PROBE_LIMITS.scripts) return undefined;
      state = { uses: {}, distinct: new Map() };
      scripts.set(script, state);
    }
    return state;
  }

  function changed(): void {
    dirty = true;
    options.onChange?.();
  }

  function count(api: ProbeApi): void {
    if (!spend(api)) return;
    const state = caller();
    if (!state) return;
    state.uses[api] = Math.min((state.uses[api] ?? 0) + 1, PROBE_LIMITS.count);
    changed();
  }

  function countDistinct(api: ProbeApi, key: string, budgetKey: string = api): void {
    if (!spend(budgetKey)) return;
    const state = caller();
    if (!state) return;
    let seen = state.distinct.get(api);
    if (!seen) state.distinct.set(api, (seen = new Set()));
    if (seen.has(key) || seen.size >= PROBE_LIMITS.distinct) return;
    seen.add(key);
    state.uses[api] = seen.size;
    changed();
  }

  function countField(field: object): void {
    if (!spend('listen.field')) return;
    const state = caller();
    if (!state) return;
    state.fields ??= new WeakSet();
    if (state.fields.has(field)) return;
    state.fields.add(field);
    state.uses['listen.field'] = Math.min((state.uses['listen.field'] ?? 0) + 1, PROBE_LIMITS.distinct);
    changed();
  }

  // Canvas: a read-back of a canvas with text drawn on it is the canvas fingerprint.
  const textCanvases = new WeakSet<object>();
  const markText: Hook = (self) => {
    const canvas = (self as { canvas?: object }).canvas;
    if (canvas) textCanvases.add(canvas);
  };
  const readback = (canvas: unknown) =>
    count(canvas && textCanvases.has(canvas as object) ? 'canvas.readback-text' : 'canvas.readback');
  const canvasProto = prototypeOf(globals, 'HTMLCanvasElement');
  wrap(canvasProto, 'toDataURL', (self) => readback(self));
  wrap(canvasProto, 'toBlob', (self) => readback(self));
  wrap(prototypeOf(globals, 'OffscreenCanvas'), 'convertToBlob', (self) => readback(self));

  // Fonts: measuring the same text in many fonts enumerates the installed ones. Only a font change
  // on a context costs a stack; a chart measuring labels in one font costs a property read.
  const lastFont = new WeakMap<object, string>();
  const measure: Hook = (self) => {
    const font = (self as { font?: unknown }).font;
    if (typeof font !== 'string' || lastFont.get(self as object) === font) return;
    lastFont.set(self as object, font);
    countDistinct('font.measure', font.slice(0, 120));
  };
  for (const name of ['CanvasRenderingContext2D', 'OffscreenCanvasRenderingContext2D']) {
    const proto = prototypeOf(globals, name);
    wrap(proto, 'getImageData', (self) => readback((self as { canvas?: object }).canvas));
    wrap(proto, 'fillText', markText);
    wrap(proto, 'strokeText', markText);
    wrap(proto, 'measureText', measure);
  }
  wrap(prototypeOf(globals, 'FontFaceSet'), 'check', (_self, args) => {
    if (typeof args[0] === 'string') countDistinct('font.check', args[0].slice(0, 120));
  });

  // Fonts by layout: a span is as wide in "Candidate, monospace" as in monospace unless Candidate is
  // installed. An ordinary layout read costs a Proxy hop and an inline-style lookup; a stack is taken
  // only for a font-family value no script has had measured yet (so the first measurer is charged).
  const measuredFamilies = new Set<string>();
  const layoutRead: Hook = (self) => {
    const family = (self as { style?: { fontFamily?: unknown } } | null)?.style?.fontFamily;
    if (typeof family !== 'string' || family === '' || measuredFamilies.has(family)) return;
    if (measuredFamilies.size >= MEASURED_FAMILIES_LIMIT) return;
    measuredFamilies.add(family);
    countDistinct('font.layout', family.slice(0, 120));
  };
  const htmlElementProto = prototypeOf(globals, 'HTMLElement');
  wrap(htmlElementProto, 'offsetWidth', layoutRead, true);
  wrap(htmlElementProto, 'offsetHeight', layoutRead, true);
  wrap(prototypeOf(globals, 'Element'), 'getBoundingClientRect', layoutRead);

  // WebGL: the unmasked renderer names the GPU.
  for (const name of ['WebGLRenderingContext', 'WebGL2RenderingContext']) {
    const proto = prototypeOf(globals, name);
    wrap(proto, 'getParameter', (_self, args) => {
      if (args[0] === UNMASKED_RENDERER_WEBGL || args[0] === UNMASKED_VENDOR_WEBGL) count('webgl.renderer');
    });
    wrap(proto, 'getExtension', (_self, args) => {
      if (args[0] === 'WEBGL_debug_renderer_info') count('webgl.renderer');
    });
    wrap(proto, 'getSupportedExtensions', () => count('webgl.extensions'));
    wrap(proto, 'readPixels', () => count('webgl.readpixels'));
  }

  // Audio: rendering a signal off-screen and hashing the samples.
  for (const name of ['OfflineAudioContext', 'webkitOfflineAudioContext']) {
    wrap(prototypeOf(globals, name), 'startRendering', () => count('audio.offline-render'));
  }

  // Navigator sweeps: distinct rarely-needed properties read by one script.
  const navigatorProto = prototypeOf(globals, 'Navigator');
  for (const property of NAVIGATOR_PROPERTIES) {
    wrap(navigatorProto, property, () => countDistinct('navigator.read', property, `nav:${property}`), true);
  }
  wrap(prototypeOf(globals, 'NavigatorUAData'), 'getHighEntropyValues', () => count('navigator.high-entropy'));

  // Behaviour: listeners on the whole page, and listeners on form fields.
  // A bare `addEventListener(...)` call reaches the native method with no `this`: that is window.
  const isPage = (target: unknown) =>
    target === win ||
    target === undefined ||
    target === null ||
    (doc !== undefined && (target === doc || target === doc.documentElement || target === doc.body));
  wrap(prototypeOf(globals, 'EventTarget'), 'addEventListener', (self, args) => {
    const type = args[0];
    if (typeof type !== 'string') return;
    const kind = LISTENED[type];
    if (kind === undefined) return;
    if (isPage(self)) {
      count(kind === 'key' ? 'listen.key-global' : kind === 'input' ? 'listen.input-global' : kind);
    } else if (
      (kind === 'key' || kind === 'input') &&
      self &&
      FIELD_TAGS[(self as { tagName?: string }).tagName ?? '']
    ) {
      countField(self as object);
    }
  });

  // A DOM recorder observes the whole document, attributes or text included.
  wrap(prototypeOf(globals, 'MutationObserver'), 'observe', (_self, args) => {
    const init = args[1] as MutationObserverInit | undefined;
    if (!init || !init.subtree || !init.childList || !(init.attributes || init.characterData)) return;
    if (isPage(args[0])) count('mutation.recorder');
  });

  maskToString();

  function presentGlobals(): SessionReplayGlobal[] {
    const found: SessionReplayGlobal[] = [];
    for (const { global } of SESSION_REPLAY_GLOBALS) {
      const desc = Object.getOwnPropertyDescriptor(win, global);
      if (desc && (desc.get !== undefined || (desc.value !== undefined && desc.value !== null))) found.push(global);
    }
    return found;
  }

  return {
    snapshot() {
      const report: ProbeReport = {
        page: String(win.location?.href ?? '').slice(0, PROBE_LIMITS.pageUrlLength),
        scripts: [],
        globals: presentGlobals(),
      };
      for (const [script, state] of scripts) {
        if (Object.keys(state.uses).length > 0) report.scripts.push({ script, uses: { ...state.uses } });
      }
      return report;
    },
    get dirty() {
      return dirty;
    },
    markReported() {
      dirty = false;
    },
  };
}

/**
 * Cost of the MAIN-world probe wrappers per call, on stand-in page classes in node (same V8 as
 * chromium; the DOM work itself is left out, so these are the wrappers' own costs):
 * - probes.add_listener_ns: addEventListener of an unwatched type (the common case: a Proxy hop and
 *   one table lookup).
 * - probes.measure_text_same_font_ns: measureText without a font change (a chart's labels).
 * - probes.readback_us: a canvas read-back, which takes a stack to find the calling script.
 * - probes.layout_read_ns: offsetWidth of an element without an inline font-family (every ordinary
 *   layout read: a Proxy hop and an inline-style lookup).
 */
import { installProbes } from '../utils/probes/recorder';

const CALLS = 200_000;
const READBACKS = 400; // below the per-API stack budget, so every call takes a stack

function pageWorld() {
  class EventTarget {
    addEventListener(_type: string, _fn: unknown) {}
  }
  class HTMLCanvasElement {
    toDataURL() {
      return 'data:image/png;base64,';
    }
  }
  class CanvasRenderingContext2D {
    font = '12px system-ui';
    measureText(text: string) {
      return { width: text.length };
    }
  }
  class Element {
    getBoundingClientRect() {
      return { width: 10 };
    }
  }
  class HTMLElement extends Element {
    style = { fontFamily: '' };
    get offsetWidth() {
      return 100;
    }
  }
  const win = Object.assign(new EventTarget(), {
    location: { href: 'https://www.demo-store.test/' },
    document: new EventTarget(),
    EventTarget,
    HTMLCanvasElement,
    CanvasRenderingContext2D,
    Element,
    HTMLElement,
    Error,
  });
  return { win, EventTarget, HTMLCanvasElement, CanvasRenderingContext2D, HTMLElement };
}

function nsPerCall(calls: number, fn: () => void): number {
  fn(); // warm up
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / calls;
}

function measure(wrapped: boolean) {
  const world = pageWorld();
  if (wrapped) installProbes(world.win as unknown as typeof globalThis);
  const target = new world.EventTarget();
  const listener = () => undefined;
  const ctx = new world.CanvasRenderingContext2D();
  const canvas = new world.HTMLCanvasElement();
  const element = new world.HTMLElement();
  return {
    addListener: nsPerCall(CALLS, () => {
      for (let i = 0; i < CALLS; i++) target.addEventListener('load', listener);
    }),
    measureText: nsPerCall(CALLS, () => {
      for (let i = 0; i < CALLS; i++) ctx.measureText('$12.99');
    }),
    layoutRead: nsPerCall(CALLS, () => {
      for (let i = 0; i < CALLS; i++) void element.offsetWidth;
    }),
    // Warm-up and measured run share the budget: READBACKS / 2 calls each.
    readback: nsPerCall(READBACKS / 2, () => {
      for (let i = 0; i < READBACKS / 2; i++) canvas.toDataURL();
    }),
  };
}

export async function run(): Promise<Record<string, { value: number; unit: string }>> {
  // tsx maps stack frames to sources, which a page's stacks never pay for: measure without it.
  const node = process as { setSourceMapsEnabled?: (on: boolean) => void; sourceMapsEnabled?: boolean };
  const errors = Error as { prepareStackTrace?: unknown };
  const sourceMaps = node.sourceMapsEnabled ?? true;
  const prepare = errors.prepareStackTrace;
  node.setSourceMapsEnabled?.(false);
  errors.prepareStackTrace = undefined;
  let plain: ReturnType<typeof measure>;
  let wrapped: ReturnType<typeof measure>;
  try {
    plain = measure(false);
    wrapped = measure(true);
  } finally {
    errors.prepareStackTrace = prepare;
    node.setSourceMapsEnabled?.(sourceMaps);
  }
  return {
    'probes.add_listener_ns': { value: wrapped.addListener - plain.addListener, unit: 'ns' },
    'probes.measure_text_same_font_ns': { value: wrapped.measureText - plain.measureText, unit: 'ns' },
    'probes.layout_read_ns': { value: wrapped.layoutRead - plain.layoutRead, unit: 'ns' },
    'probes.readback_us': { value: (wrapped.readback - plain.readback) / 1000, unit: 'µs' },
  };
}

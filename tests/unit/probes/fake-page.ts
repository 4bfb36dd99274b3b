/** A minimal page world with the APIs the probes wrap, so the wrappers can be watched from outside. */
import type { InstallOptions } from '../../../utils/probes/recorder';

export class FakeCanvas {
  toDataURL(type = 'image/png') {
    return `data:${type};base64,iVBORw0KGgo=`;
  }
  toBlob(callback: (blob: null) => void) {
    callback(null);
  }
}
export class FakeContext2D {
  font = '10px sans-serif';
  drawn: string[] = [];
  constructor(public canvas: FakeCanvas) {}
  fillText(text: string) {
    this.drawn.push(text);
  }
  strokeText(text: string) {
    this.drawn.push(text);
  }
  measureText(text: string) {
    return { width: text.length * ((this.font.length % 7) + 5) };
  }
  getImageData() {
    return { data: new Uint8ClampedArray(4) };
  }
}
export class FakeWebGL {
  getParameter(pname: number) {
    return pname === 0x9246 ? 'ANGLE (SwiftShader)' : 16;
  }
  getExtension(name: string) {
    return name === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL: 0x9246 } : null;
  }
  getSupportedExtensions() {
    return ['WEBGL_debug_renderer_info'];
  }
  readPixels() {}
}
export class FakeOfflineAudioContext {
  startRendering() {
    return Promise.resolve('rendered');
  }
}
export class FakeNavigator {
  get plugins() {
    return ['PDF Viewer'];
  }
  get mimeTypes() {
    return [];
  }
  get hardwareConcurrency() {
    return 8;
  }
  get deviceMemory() {
    return 8;
  }
  get maxTouchPoints() {
    return 0;
  }
  get languages() {
    return ['en-US'];
  }
  get platform() {
    return 'Linux x86_64';
  }
  get userAgent() {
    return 'Mozilla/5.0';
  }
}
export class FakeOffscreenCanvas {
  convertToBlob() {
    return Promise.resolve('blob');
  }
}
export class FakeOffscreenContext2D {
  font = '10px sans-serif';
  constructor(public canvas: FakeOffscreenCanvas) {}
  fillText(_text: string) {}
  measureText(text: string) {
    return { width: text.length };
  }
}
export class FakeMutationObserver {
  observe(_target: unknown, _init: unknown) {}
}
export class FakeFontFaceSet {
  check(_font: string) {
    return false;
  }
}
export class FakeElement {
  getBoundingClientRect() {
    return { width: 10, height: 10 };
  }
}
/** An element whose measured width depends on its inline font-family, as a span's does. */
export class FakeHTMLElement extends FakeElement {
  style = { fontFamily: '' };
  get offsetWidth() {
    return 100 + (this.style.fontFamily.length % 5);
  }
  get offsetHeight() {
    return 20;
  }
}
export class FakeUAData {
  getHighEntropyValues() {
    return Promise.resolve({ architecture: 'x86' });
  }
}

function fakePage() {
  // Own addEventListener on a fresh prototype per page, as browsers define it on EventTarget.prototype.
  const EventTarget = class {
    listeners: string[] = [];
    handlers: [string, (event: unknown) => void][] = [];
    tagName?: string;
    addEventListener(type: string, fn: (event: unknown) => void, _options?: unknown) {
      if (!this) return; // a bare call: a browser would use window; nothing to record here
      this.listeners.push(type);
      this.handlers.push([type, fn]);
    }
    removeEventListener(type: string, fn: unknown) {
      this.handlers = this.handlers.filter(([t, f]) => t !== type || f !== fn);
    }
    dispatchEvent(event: { type: string; target?: unknown; currentTarget?: unknown }) {
      event.target = this;
      event.currentTarget = this;
      for (const [type, fn] of this.handlers) if (type === event.type) fn(event);
      return true;
    }
  };
  class CustomEvent {
    target?: unknown;
    currentTarget?: unknown;
    detail: unknown;
    constructor(
      public type: string,
      init: { detail?: unknown } = {},
    ) {
      this.detail = init.detail;
    }
  }
  const win = new EventTarget() as InstanceType<typeof EventTarget> & Record<string, unknown>;
  const element = (tagName: string) => Object.assign(new EventTarget(), { tagName });
  const doc = Object.assign(new EventTarget(), {
    documentElement: element('HTML'),
    body: element('BODY'),
    readyState: 'loading',
    visibilityState: 'visible',
  });
  Object.assign(win, {
    location: { href: 'https://www.demo-store.test/deals' },
    document: doc,
    CustomEvent,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    EventTarget,
    HTMLCanvasElement: FakeCanvas,
    CanvasRenderingContext2D: FakeContext2D,
    WebGLRenderingContext: FakeWebGL,
    OfflineAudioContext: FakeOfflineAudioContext,
    Navigator: FakeNavigator,
    MutationObserver: FakeMutationObserver,
    OffscreenCanvas: FakeOffscreenCanvas,
    OffscreenCanvasRenderingContext2D: FakeOffscreenContext2D,
    FontFaceSet: FakeFontFaceSet,
    NavigatorUAData: FakeUAData,
    Element: FakeElement,
    HTMLElement: FakeHTMLElement,
  });
  let stack: string | undefined;
  let captures = 0;
  const options: InstallOptions = {
    stack: () => {
      captures += 1;
      return stack;
    },
  };
  /** Runs fn as if called from the script at url. */
  const as = <T>(url: string, fn: () => T): T => {
    stack = `Error\n    at chrome-extension://abc/content-scripts/probe.js:1:1\n    at run (${url}:10:5)`;
    try {
      return fn();
    } finally {
      stack = undefined;
    }
  };
  return { win, doc, element, options, as, captures: () => captures };
}

// Fresh fake classes per test would need fresh prototypes: install wraps prototypes in place.
export function freshPage() {
  const page = fakePage();
  const clone = <T extends new (...args: never[]) => unknown>(ctor: T): T => {
    const copy = class extends (ctor as unknown as new (...args: unknown[]) => object) {};
    for (const name of Object.getOwnPropertyNames(ctor.prototype)) {
      if (name !== 'constructor')
        Object.defineProperty(copy.prototype, name, Object.getOwnPropertyDescriptor(ctor.prototype, name)!);
    }
    return copy as unknown as T;
  };
  for (const key of [
    'HTMLCanvasElement',
    'CanvasRenderingContext2D',
    'WebGLRenderingContext',
    'OfflineAudioContext',
    'Navigator',
    'MutationObserver',
    'FontFaceSet',
    'NavigatorUAData',
    'OffscreenCanvas',
    'OffscreenCanvasRenderingContext2D',
    'Element',
    'HTMLElement',
  ]) {
    page.win[key] = clone(page.win[key] as new () => unknown);
  }
  // HTMLElement inherits from this page's Element, so a wrapped getBoundingClientRect reaches spans.
  const proto = (name: string) => (page.win[name] as { prototype: object }).prototype;
  Object.setPrototypeOf(proto('HTMLElement'), proto('Element'));
  return page;
}

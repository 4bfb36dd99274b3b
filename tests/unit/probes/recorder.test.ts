import { describe, expect, it } from 'vitest';
import { STACK_BUDGET, installProbes } from '../../../utils/probes/recorder';
import { scoreProbeReport } from '../../../utils/probes/score';
import {
  type FakeCanvas,
  type FakeContext2D,
  type FakeHTMLElement,
  type FakeMutationObserver,
  type FakeNavigator,
  type FakeOfflineAudioContext,
  type FakeOffscreenCanvas,
  type FakeOffscreenContext2D,
  type FakeUAData,
  type FakeWebGL,
  freshPage,
} from './fake-page';

type Page = ReturnType<typeof freshPage>;
const ctor = <T>(page: Page, name: string) => page.win[name] as new (...args: unknown[]) => T;

function fingerprint(page: Page) {
  const canvas = new (ctor<FakeCanvas>(page, 'HTMLCanvasElement'))();
  const ctx = new (ctor<FakeContext2D>(page, 'CanvasRenderingContext2D'))(canvas);
  ctx.fillText('Cwm fjordbank glyphs vext quiz, 😃');
  const hash = canvas.toDataURL();
  const gl = new (ctor<FakeWebGL>(page, 'WebGLRenderingContext'))();
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(0x9246);
  void new (ctor<FakeOfflineAudioContext>(page, 'OfflineAudioContext'))().startRendering();
  const fonts = Array.from({ length: 40 }, (_, i) => `Font${i}`);
  for (const font of fonts) {
    ctx.font = `72px "${font}", monospace`;
    ctx.measureText('mmmmmmmmmmlli');
  }
  const nav = new (ctor<FakeNavigator>(page, 'Navigator'))();
  const sweep = [
    nav.plugins,
    nav.mimeTypes,
    nav.hardwareConcurrency,
    nav.deviceMemory,
    nav.maxTouchPoints,
    nav.languages,
    nav.platform,
  ];
  return { hash, info, renderer, sweep };
}

describe('installProbes', () => {
  it('attributes a fingerprinting sequence to its script, and the report scores as fingerprinting', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    page.as('https://fpnpmcdn.net/v3/DemoPublicKey/loader_v3.js', () => fingerprint(page));
    const report = recorder.snapshot();
    expect(report.page).toBe('https://www.demo-store.test/deals');
    expect(report.scripts).toEqual([
      {
        script: 'https://fpnpmcdn.net/v3/DemoPublicKey/loader_v3.js',
        uses: {
          'canvas.readback-text': 1,
          'webgl.renderer': 2,
          'audio.offline-render': 1,
          'font.measure': 40,
          'navigator.read': 7,
        },
      },
    ]);
    expect(scoreProbeReport(report).map((v) => v.kind)).toEqual(['fingerprinting']);
  });

  it('wrapped APIs return what the originals return, to the same `this`, and look native', () => {
    const page = freshPage();
    installProbes(page.win as unknown as typeof globalThis, page.options);
    const results = page.as('https://t.example/x.js', () => fingerprint(page));
    expect(results).toEqual({
      hash: 'data:image/png;base64,iVBORw0KGgo=',
      info: { UNMASKED_RENDERER_WEBGL: 0x9246 },
      renderer: 'ANGLE (SwiftShader)',
      sweep: [['PDF Viewer'], [], 8, 8, 0, ['en-US'], 'Linux x86_64'],
    });
    const Canvas = ctor<FakeCanvas>(page, 'HTMLCanvasElement');
    const toDataURL = Canvas.prototype.toDataURL;
    expect(toDataURL.name).toBe('toDataURL');
    expect(toDataURL.length).toBe(0);
    expect(Function.prototype.toString.call(toDataURL)).toMatch(/\[native code\]/);
    expect(new Canvas().toDataURL('image/jpeg')).toBe('data:image/jpeg;base64,iVBORw0KGgo=');
    const getter = Object.getOwnPropertyDescriptor(ctor(page, 'Navigator').prototype, 'hardwareConcurrency')!.get!;
    expect(getter.name).toBe('get hardwareConcurrency');
  });

  it("toString of a wrapper reads as the original's, with its name; toString itself looks untouched", () => {
    const page = freshPage();
    // The page's own Function.prototype.toString, on a stand-in Function so node's stays untouched.
    // Like the real one, its prototype is itself a function.
    const FakeFunction = function () {} as unknown as { prototype: { toString: () => string } };
    FakeFunction.prototype = Object.defineProperty(function () {}, 'toString', {
      value: Function.prototype.toString,
      writable: true,
      configurable: true,
    });
    page.win.Function = FakeFunction;
    const Canvas = ctor<FakeCanvas>(page, 'HTMLCanvasElement');
    const original = Canvas.prototype.toDataURL;
    const originalText = Function.prototype.toString.call(original);
    installProbes(page.win as unknown as typeof globalThis, page.options);
    const toString = FakeFunction.prototype.toString;
    expect(Canvas.prototype.toDataURL).not.toBe(original);
    expect(toString.call(Canvas.prototype.toDataURL)).toBe(originalText);
    expect(toString.call(toString)).toBe('function toString() { [native code] }');
    const unrelated = function pageHelper() {
      return 1;
    };
    expect(toString.call(unrelated)).toBe(Function.prototype.toString.call(unrelated));
    expect(() => toString.call({})).toThrow(TypeError);
  });

  it("the page's own errors pass through unchanged; our failures never reach the page", () => {
    const page = freshPage();
    const Canvas = ctor<FakeCanvas>(page, 'HTMLCanvasElement');
    const pageError = new TypeError('Illegal invocation');
    Canvas.prototype.toBlob = () => {
      throw pageError;
    };
    installProbes(page.win as unknown as typeof globalThis, {
      stack: () => {
        throw new Error('stack unavailable');
      },
    });
    expect(new Canvas().toDataURL()).toMatch(/^data:image\/png/);
    expect(() => new Canvas().toBlob(() => undefined)).toThrow(pageError);
  });

  it('a chart drawing labels in one font and reading back once: counted, but not fingerprinting', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    page.as('https://cdn.jsdelivr.net/npm/sparkline-demo@1/sparkline.js', () => {
      const canvas = new (ctor<FakeCanvas>(page, 'HTMLCanvasElement'))();
      const ctx = new (ctor<FakeContext2D>(page, 'CanvasRenderingContext2D'))(canvas);
      ctx.font = '12px system-ui';
      for (let i = 0; i < 50; i++) {
        ctx.measureText(`$${i}`);
        ctx.fillText(`$${i}`);
      }
      canvas.toDataURL();
    });
    const report = recorder.snapshot();
    expect(report.scripts[0].uses).toEqual({ 'font.measure': 1, 'canvas.readback-text': 1 });
    expect(scoreProbeReport(report)).toEqual([]);
  });

  it('a read-back of a canvas without text is a plain read-back', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    page.as('https://shop.example/zoom.js', () => {
      const canvas = new (ctor<FakeCanvas>(page, 'HTMLCanvasElement'))();
      new (ctor<FakeContext2D>(page, 'CanvasRenderingContext2D'))(canvas).getImageData();
    });
    expect(recorder.snapshot().scripts[0].uses).toEqual({ 'canvas.readback': 1 });
  });

  it('counts page-wide and per-field listeners, not listeners on ordinary elements or unwatched events', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    const fields = [page.element('INPUT'), page.element('INPUT'), page.element('TEXTAREA')];
    page.as('https://edge.fullstory.com/s/fs.js', () => {
      page.win.addEventListener('mousemove', () => undefined, true);
      // A bare addEventListener('scroll', …) in a page script: the native method gets no `this`.
      Reflect.apply(page.win.addEventListener, undefined, ['scroll', () => undefined, true]);
      page.doc.addEventListener('keydown', () => undefined, true);
      page.doc.body.addEventListener('input', () => undefined);
    });
    page.as('https://cdn.form-insights.example/fi.js', () => {
      for (const field of [...fields, fields[0]]) field.addEventListener('keyup', () => undefined);
      page.element('DIV').addEventListener('click', () => undefined);
      page.win.addEventListener('resize', () => undefined);
    });
    expect(recorder.snapshot().scripts).toEqual([
      {
        script: 'https://edge.fullstory.com/s/fs.js',
        uses: { 'listen.mousemove': 1, 'listen.scroll': 1, 'listen.key-global': 1, 'listen.input-global': 1 },
      },
      { script: 'https://cdn.form-insights.example/fi.js', uses: { 'listen.field': 3 } },
    ]);
    expect(page.win.listeners).toEqual(['mousemove', 'resize']);
  });

  it('a MutationObserver on the whole document with attributes is a recorder; narrower observers are not', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    const Observer = ctor<FakeMutationObserver>(page, 'MutationObserver');
    page.as('https://cdn.lazy.example/lazy.js', () => {
      new Observer().observe(page.doc, { childList: true, subtree: true });
      new Observer().observe(page.element('UL'), { childList: true, subtree: true, attributes: true });
    });
    page.as('https://cdn.rec.example/rec.js', () =>
      new Observer().observe(page.doc, { childList: true, subtree: true, attributes: true, characterData: true }),
    );
    expect(recorder.snapshot().scripts).toEqual([
      { script: 'https://cdn.rec.example/rec.js', uses: { 'mutation.recorder': 1 } },
    ]);
  });

  it('reports session-replay globals present on window, and tracks whether anything is new', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    expect(recorder.dirty).toBe(false);
    page.win.FS = { flush() {} };
    page.win.hj = undefined;
    expect(recorder.snapshot().globals).toEqual(['FS']);
    page.as('https://edge.fullstory.com/s/fs.js', () => page.win.addEventListener('keydown', () => undefined));
    expect(recorder.dirty).toBe(true);
    recorder.markReported();
    expect(recorder.dirty).toBe(false);
  });

  it('bounds stack captures per API on a page that reads canvases in a loop', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    const canvas = new (ctor<FakeCanvas>(page, 'HTMLCanvasElement'))();
    page.as('https://shop.example/game.js', () => {
      for (let i = 0; i < 5000; i++) canvas.toDataURL();
    });
    expect(page.captures()).toBe(STACK_BUDGET);
    expect(recorder.snapshot().scripts[0].uses['canvas.readback']).toBe(STACK_BUDGET);
  });

  it('inline scripts are reported as inline, also after history.pushState changed the URL', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    (page.win.location as { href: string }).href = 'https://www.demo-store.test/deals?tab=2';
    page.as('https://www.demo-store.test/deals', () => page.doc.addEventListener('keydown', () => undefined));
    page.as('https://www.demo-store.test/deals?tab=2', () => page.win.addEventListener('mousemove', () => undefined));
    expect(recorder.snapshot().scripts).toEqual([
      { script: 'inline', uses: { 'listen.key-global': 1, 'listen.mousemove': 1 } },
    ]);
  });
});

describe('installProbes, the remaining APIs', () => {
  it('document.fonts.check per distinct font, getHighEntropyValues, toBlob, WebGL extensions and readPixels', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    page.as('https://cdn.fp.example/agent.js', () => {
      const fonts = new (ctor<{ check(font: string): boolean }>(page, 'FontFaceSet'))();
      for (let i = 0; i < 25; i++) fonts.check(`12px "Font${i % 22}"`);
      void new (ctor<FakeUAData>(page, 'NavigatorUAData'))().getHighEntropyValues();
      new (ctor<FakeCanvas>(page, 'HTMLCanvasElement'))().toBlob(() => undefined);
      const gl = new (ctor<FakeWebGL>(page, 'WebGLRenderingContext'))();
      gl.getSupportedExtensions();
      gl.readPixels();
      gl.getParameter(0x1f00); // VENDOR: ordinary, not counted
    });
    expect(recorder.snapshot().scripts[0].uses).toEqual({
      'font.check': 22,
      'navigator.high-entropy': 1,
      'canvas.readback': 1,
      'webgl.extensions': 1,
      'webgl.readpixels': 1,
    });
  });

  it('OffscreenCanvas on the page: text drawn and read back, fonts measured', async () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    await page.as('https://cdn.fp.example/agent.js', () => {
      const canvas = new (ctor<FakeOffscreenCanvas>(page, 'OffscreenCanvas'))();
      const ctx = new (ctor<FakeOffscreenContext2D>(page, 'OffscreenCanvasRenderingContext2D'))(canvas);
      for (const font of ['72px Arial, monospace', '72px Calibri, monospace']) {
        ctx.font = font;
        ctx.measureText('mmmmlli');
      }
      ctx.fillText('Cwm fjordbank');
      return canvas.convertToBlob();
    });
    expect(recorder.snapshot().scripts[0].uses).toEqual({ 'font.measure': 2, 'canvas.readback-text': 1 });
  });

  it('takes real stacks by default, whatever Error.stackTraceLimit the page set', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis);
    const pageLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // a page hiding its stacks: we still see ours, and put its limit back
    // Code that V8 names as a web script, like a page's <script src>.
    const script = new Function(
      'canvas',
      'return canvas.toDataURL();\n//# sourceURL=https://cdn.fp.example/agent.js',
    ) as (c: FakeCanvas) => string;
    try {
      expect(script(new (ctor<FakeCanvas>(page, 'HTMLCanvasElement'))())).toMatch(/^data:/);
      expect(Error.stackTraceLimit).toBe(0);
    } finally {
      Error.stackTraceLimit = pageLimit;
    }
    expect(recorder.snapshot().scripts).toEqual([
      { script: 'https://cdn.fp.example/agent.js', uses: { 'canvas.readback': 1 } },
    ]);
  });
});

describe('installProbes, fonts enumerated by measuring spans', () => {
  const fonts = Array.from({ length: 60 }, (_, i) => `Font ${i}`);

  it('one span, its font-family changed and its width read each time (ClientJS): distinct families', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    page.as('https://cdn.jsdelivr.net/npm/clientjs@0.2.1/dist/client.min.js', () => {
      const span = new (ctor<FakeHTMLElement>(page, 'HTMLElement'))();
      for (const font of fonts) {
        span.style.fontFamily = `${font},monospace`;
        void (span.offsetWidth !== 100 || span.offsetHeight !== 20);
      }
      const canvas = new (ctor<FakeCanvas>(page, 'HTMLCanvasElement'))();
      new (ctor<FakeContext2D>(page, 'CanvasRenderingContext2D'))(canvas).fillText('ClientJS,org <canvas> 1.0');
      canvas.toDataURL();
    });
    const report = recorder.snapshot();
    expect(report.scripts[0].uses).toEqual({ 'font.layout': 60, 'canvas.readback-text': 1 });
    expect(scoreProbeReport(report).map((v) => v.kind)).toEqual(['fingerprinting']);
  });

  it('many spans styled first and measured afterwards (fingerprintjs2), by getBoundingClientRect too', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    page.as('https://cdnjs.cloudflare.com/ajax/libs/fingerprintjs2/2.1.4/fingerprint2.min.js', () => {
      const spans = fonts.map((font) => {
        const span = new (ctor<FakeHTMLElement>(page, 'HTMLElement'))();
        span.style.fontFamily = `'${font}',serif`;
        return span;
      });
      for (const span of spans) void span.getBoundingClientRect().width;
    });
    expect(recorder.snapshot().scripts[0].uses).toEqual({ 'font.layout': 60 });
  });

  it('ordinary layout reads take no stack; one family on many elements takes one; a font picker stays below', () => {
    const page = freshPage();
    const recorder = installProbes(page.win as unknown as typeof globalThis, page.options);
    const HTMLElement = ctor<FakeHTMLElement>(page, 'HTMLElement');
    page.as('https://www.demo-store.test/assets/carousel.js', () => {
      const items = Array.from({ length: 500 }, () => new HTMLElement());
      for (const item of items) void (item.offsetWidth + item.getBoundingClientRect().width);
    });
    expect(page.captures()).toBe(0);
    page.as('https://www.demo-store.test/assets/editor.js', () => {
      for (let i = 0; i < 300; i++) {
        const label = new HTMLElement();
        label.style.fontFamily = 'Georgia, serif';
        void label.offsetWidth;
      }
      // A text tool's font menu, each entry shown in its own face, then the canvas exported.
      for (const font of fonts.slice(0, 40)) {
        const entry = new HTMLElement();
        entry.style.fontFamily = font;
        void entry.offsetHeight;
      }
      const canvas = new (ctor<FakeCanvas>(page, 'HTMLCanvasElement'))();
      new (ctor<FakeContext2D>(page, 'CanvasRenderingContext2D'))(canvas).fillText('Happy birthday');
      canvas.toDataURL();
    });
    expect(page.captures()).toBe(1 + 40 + 1);
    const report = recorder.snapshot();
    expect(report.scripts).toEqual([
      {
        script: 'https://www.demo-store.test/assets/editor.js',
        uses: { 'font.layout': 41, 'canvas.readback-text': 1 },
      },
    ]);
    expect(scoreProbeReport(report)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { scriptFromStack, withoutHash } from '../../../utils/probes/stack';

const PAGE = ['https://www.demo-store.test/deals'];

describe('scriptFromStack', () => {
  it('V8: skips our chrome-extension:// wrapper frames and names the calling script', () => {
    const stack = [
      'Error',
      '    at chrome-extension://abcdefghijklmnopabcdefghijklmnop/content-scripts/probe.js:1:2345',
      '    at Object.apply (chrome-extension://abcdefghijklmnopabcdefghijklmnop/content-scripts/probe.js:1:999)',
      '    at canvasHash (https://fpnpmcdn.net/v3/DemoPublicKey/loader_v3.js:12:40)',
      '    at https://fpnpmcdn.net/v3/DemoPublicKey/loader_v3.js:80:3',
    ].join('\n');
    expect(scriptFromStack(stack, PAGE)).toBe('https://fpnpmcdn.net/v3/DemoPublicKey/loader_v3.js');
  });

  it('Firefox: moz-extension frames skipped, fn@URL:line:col parsed, port kept', () => {
    const stack = [
      'apply@moz-extension://0f1e2d3c/content-scripts/probe.js:1:50',
      'record@https://rec.example:8443/r.js?v=2:3:14',
      '@https://rec.example:8443/r.js?v=2:90:1',
    ].join('\n');
    expect(scriptFromStack(stack, PAGE)).toBe('https://rec.example:8443/r.js?v=2');
  });

  it('an inline script shows the document URL: reported as inline, also with a fragment', () => {
    expect(scriptFromStack('Error\n    at draw (https://www.demo-store.test/deals:41:12)', PAGE)).toBe('inline');
    expect(scriptFromStack('Error\n    at https://www.demo-store.test/deals#top:41:12', PAGE)).toBe('inline');
  });

  it("eval'd code is attributed to the script that called eval", () => {
    const stack =
      'Error\n    at eval (eval at load (https://cdn.example/loader.js:5:9), <anonymous>:1:20)\n    at load (https://cdn.example/loader.js:5:9)';
    expect(scriptFromStack(stack, PAGE)).toBe('https://cdn.example/loader.js');
  });

  it('no web frame (stackTraceLimit 0, extension-only stack, undefined) is unknown', () => {
    expect(scriptFromStack('Error', PAGE)).toBe('unknown');
    expect(scriptFromStack('Error\n    at chrome-extension://abc/x.js:1:1', PAGE)).toBe('unknown');
    expect(scriptFromStack(undefined, PAGE)).toBe('unknown');
  });

  it('caps very long script URLs', () => {
    const long = `https://t.example/a.js?${'x'.repeat(2000)}`;
    expect(scriptFromStack(`Error\n    at ${long}:1:1`, PAGE)).toHaveLength(500);
  });

  it('withoutHash', () => {
    expect(withoutHash('https://a.example/p?q=1#frag')).toBe('https://a.example/p?q=1');
    expect(withoutHash('https://a.example/p')).toBe('https://a.example/p');
  });
});

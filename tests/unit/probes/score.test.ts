import { describe, expect, it } from 'vitest';
import { scoreProbeReport, THRESHOLDS } from '../../../utils/probes/score';
import type { ProbeReport, ProbeVerdict } from '../../../utils/probes/apis';
import { probeFixture } from './load-fixture';

const summary = (verdicts: ProbeVerdict[]) => verdicts.map((v) => [v.script, v.kind]);

describe('fingerprinting', () => {
  it('flags a FingerprintJS-like script: canvas text read back, WebGL renderer, audio, 52 fonts, navigator sweep', () => {
    const verdicts = scoreProbeReport(probeFixture('fingerprintjs-like-canvas-webgl-audio-fonts'));
    expect(summary(verdicts)).toEqual([['https://fpnpmcdn.net/v3/DemoPublicKey/loader_v3.js', 'fingerprinting']]);
    expect(verdicts[0].signals).toEqual([
      'canvas.readback-text=2',
      'webgl.renderer=2',
      'webgl.extensions=1',
      'audio.offline-render=1',
      'font.measure=52',
      'navigator.read=9',
      'navigator.high-entropy=1',
    ]);
    expect(verdicts[0].score).toBe(3 + 3 + 1 + 3 + 3 + 2 + 2);
  });

  it('does not flag a chart library that reads its canvas back once and measures two label fonts', () => {
    expect(scoreProbeReport(probeFixture('chart-library-one-readback'))).toEqual([]);
  });

  it('does not flag canvas read-backs alone, however many, with a couple of navigator reads', () => {
    expect(scoreProbeReport(probeFixture('canvas-and-navigator-without-second-family'))).toEqual([]);
  });

  it('does not flag a WebGL product viewer: one family only, even with the renderer query', () => {
    expect(scoreProbeReport(probeFixture('webgl-product-viewer'))).toEqual([]);
  });

  it('needs two families: canvas text read-back plus the WebGL renderer is enough, canvas plus fonts below 20 is not', () => {
    const report = (uses: ProbeReport['scripts'][number]['uses']): ProbeReport => ({
      page: 'https://a.example/',
      scripts: [{ script: 'https://t.example/x.js', uses }],
      globals: [],
    });
    expect(summary(scoreProbeReport(report({ 'canvas.readback-text': 1, 'webgl.renderer': 1 })))).toEqual([
      ['https://t.example/x.js', 'fingerprinting'],
    ]);
    expect(scoreProbeReport(report({ 'canvas.readback-text': 1, 'font.measure': 19 }))).toEqual([]);
    expect(summary(scoreProbeReport(report({ 'canvas.readback-text': 1, 'font.measure': 20 })))).toEqual([
      ['https://t.example/x.js', 'fingerprinting'],
    ]);
    // Fonts measured by span widths: a font picker's few dozen are not an enumeration.
    expect(scoreProbeReport(report({ 'canvas.readback-text': 1, 'font.layout': 49 }))).toEqual([]);
    expect(summary(scoreProbeReport(report({ 'canvas.readback-text': 1, 'font.layout': 50 })))).toEqual([
      ['https://t.example/x.js', 'fingerprinting'],
    ]);
    expect(THRESHOLDS.fingerprinting.groups).toBe(2);
  });
});

describe('session replay and keystroke capture', () => {
  it('flags FullStory: its global, attributed to the script from fullstory.com, plus pointer and key listeners', () => {
    const verdicts = scoreProbeReport(probeFixture('fullstory-recorder-from-vendor-host'));
    expect(summary(verdicts)).toEqual([['https://edge.fullstory.com/s/fs.js', 'session-replay']]);
    expect(verdicts[0].signals).toEqual([
      'listen.mousemove=1',
      'listen.scroll=1',
      'listen.click=1',
      'listen.key-global=1',
      'global:FS',
    ]);
  });

  it('flags a self-hosted rrweb-style recorder by its whole-document MutationObserver, without any vendor global', () => {
    const verdicts = scoreProbeReport(probeFixture('rrweb-self-hosted-recorder'));
    expect(summary(verdicts)).toEqual([['https://shop.example/static/js/recorder.4f2a.js', 'session-replay']]);
  });

  it('does not attribute a vendor global to a first-party script that merely looks like a recorder', () => {
    expect(scoreProbeReport(probeFixture('hotjar-global-from-first-party-proxy'))).toEqual([]);
  });

  it("does not flag a shop's own UI listeners, a lazy-loader's MutationObserver, or a stray replay global", () => {
    expect(scoreProbeReport(probeFixture('site-ui-listeners-and-stray-replay-global'))).toEqual([]);
  });

  it('flags a third-party script listening to five form fields and every key press as keystroke capture, not the shop validator', () => {
    const verdicts = scoreProbeReport(probeFixture('third-party-form-keylogger'));
    expect(summary(verdicts)).toEqual([['https://cdn.form-insights.example/fi.js', 'keystroke-capture']]);
    expect(verdicts[0].signals).toEqual(['listen.key-global=1', 'listen.field=5']);
  });

  it('reports a recorder once, as session replay, even though it also captures keys', () => {
    const report = probeFixture('rrweb-self-hosted-recorder');
    report.scripts[0].uses['listen.key-global'] = 1;
    report.scripts[0].uses['listen.field'] = 4;
    expect(scoreProbeReport(report).map((v) => v.kind)).toEqual(['session-replay']);
  });

  it('one script can both fingerprint and record', () => {
    const report: ProbeReport = {
      page: 'https://a.example/',
      scripts: [
        {
          script: 'https://t.example/all.js',
          uses: {
            'canvas.readback-text': 1,
            'audio.offline-render': 1,
            'mutation.recorder': 1,
            'listen.mousemove': 1,
            'listen.click': 1,
          },
        },
      ],
      globals: [],
    };
    expect(scoreProbeReport(report).map((v) => v.kind)).toEqual(['fingerprinting', 'session-replay']);
  });

  it('an empty report scores nothing', () => {
    expect(scoreProbeReport({ page: '', scripts: [], globals: [] })).toEqual([]);
  });
});

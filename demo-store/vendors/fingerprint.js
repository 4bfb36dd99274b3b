// Stand-in for a device-fingerprinting agent, served from Fingerprint's CDN host (fpnpmcdn.net) and
// reporting to its API host (api.fpjs.io). Our own code: it does what such agents do (canvas text
// rendered and read back, the unmasked WebGL renderer, an OfflineAudioContext signal, ~50 fonts
// measured against three fallbacks, a navigator sweep) and POSTs the visitor hash with its
// components as plain JSON. The real agent's payload is obfuscated; ours is readable on purpose.
(function () {
  var apiKey = 'DemoPublicKey01';
  var endpoint = 'https://api.fpjs.io/?ci=js/3.11.0';

  // FNV-1a, 32 bit, as hex: enough for a stable visitor hash in a demo.
  function hash(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ('0000000' + h.toString(16)).slice(-8);
  }

  function canvasComponent() {
    var canvas = document.createElement('canvas');
    canvas.width = 240;
    canvas.height = 60;
    var ctx = canvas.getContext('2d');
    if (!ctx) return { winding: false, text: '' };
    ctx.rect(0, 0, 10, 10);
    ctx.rect(2, 2, 6, 6);
    var winding = ctx.isPointInPath(5, 5, 'evenodd') === false;
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = '#f60';
    ctx.fillRect(100, 1, 62, 20);
    ctx.fillStyle = '#069';
    ctx.font = '11pt "Times New Roman"';
    ctx.fillText('Cwm fjordbank gly \ud83d\ude03', 2, 15);
    ctx.fillStyle = 'rgba(102, 204, 0, 0.2)';
    ctx.font = '18pt Arial';
    ctx.fillText('Cwm fjordbank gly \ud83d\ude03', 4, 45);
    var first = canvas.toDataURL();
    // Read twice: a browser that adds noise to read-backs gives two different answers.
    var stable = first === canvas.toDataURL();
    return { winding: winding, text: stable ? hash(first) : 'unstable' };
  }

  function webglComponent() {
    var canvas = document.createElement('canvas');
    var gl = null;
    try {
      gl = canvas.getContext('webgl') || canvas.getContext('experimental-webgl');
    } catch {
      gl = null;
    }
    if (!gl) return { vendor: '', renderer: '', extensions: 0 };
    var info = gl.getExtension('WEBGL_debug_renderer_info');
    return {
      vendor: info ? String(gl.getParameter(info.UNMASKED_VENDOR_WEBGL)) : '',
      renderer: info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '',
      extensions: (gl.getSupportedExtensions() || []).length,
    };
  }

  function audioComponent() {
    return new Promise(function (resolve) {
      var Ctx = window.OfflineAudioContext || window.webkitOfflineAudioContext;
      if (!Ctx) return resolve(-1);
      var ctx = new Ctx(1, 5000, 44100);
      var oscillator = ctx.createOscillator();
      oscillator.type = 'triangle';
      oscillator.frequency.value = 10000;
      var compressor = ctx.createDynamicsCompressor();
      compressor.threshold.value = -50;
      compressor.knee.value = 40;
      compressor.ratio.value = 12;
      compressor.attack.value = 0;
      compressor.release.value = 0.25;
      oscillator.connect(compressor);
      compressor.connect(ctx.destination);
      oscillator.start(0);
      var timer = setTimeout(function () {
        resolve(-2);
      }, 1000);
      ctx.startRendering().then(
        function (buffer) {
          clearTimeout(timer);
          var samples = buffer.getChannelData(0);
          var sum = 0;
          for (var i = 4500; i < samples.length; i++) sum += Math.abs(samples[i]);
          resolve(Math.round(sum * 1e6) / 1e6);
        },
        function () {
          resolve(-3);
        },
      );
    });
  }

  var FONTS = [
    'Arial',
    'Arial Black',
    'Arial Narrow',
    'Bahnschrift',
    'Book Antiqua',
    'Bookman Old Style',
    'Calibri',
    'Cambria',
    'Candara',
    'Century',
    'Century Gothic',
    'Comic Sans MS',
    'Consolas',
    'Constantia',
    'Corbel',
    'Courier New',
    'DejaVu Sans',
    'DejaVu Serif',
    'Ebrima',
    'Franklin Gothic',
    'Garamond',
    'Georgia',
    'Gill Sans',
    'Helvetica',
    'Helvetica Neue',
    'Impact',
    'Liberation Mono',
    'Liberation Sans',
    'Lucida Console',
    'Lucida Grande',
    'Lucida Sans Unicode',
    'Malgun Gothic',
    'Marlett',
    'Menlo',
    'Microsoft Sans Serif',
    'Monaco',
    'MS Gothic',
    'MS Outlook',
    'Noto Color Emoji',
    'Noto Sans',
    'Palatino Linotype',
    'Roboto',
    'Segoe Print',
    'Segoe UI',
    'Tahoma',
    'Times New Roman',
    'Trebuchet MS',
    'Ubuntu',
    'Verdana',
    'Wingdings',
  ];

  function fontsComponent() {
    var ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return [];
    var text = 'mmMwWLliI0fiflO&1';
    var bases = ['monospace', 'sans-serif', 'serif'];
    var baseline = {};
    bases.forEach(function (base) {
      ctx.font = '72px ' + base;
      baseline[base] = ctx.measureText(text).width;
    });
    return FONTS.filter(function (font) {
      return bases.some(function (base) {
        ctx.font = '72px "' + font + '", ' + base;
        return ctx.measureText(text).width !== baseline[base];
      });
    });
  }

  function navigatorComponent() {
    var n = navigator;
    return {
      plugins: n.plugins ? n.plugins.length : -1,
      mimeTypes: n.mimeTypes ? n.mimeTypes.length : -1,
      hardwareConcurrency: n.hardwareConcurrency,
      deviceMemory: n.deviceMemory,
      maxTouchPoints: n.maxTouchPoints,
      languages: n.languages ? n.languages.slice() : [],
      platform: n.platform,
      doNotTrack: n.doNotTrack,
      pdfViewerEnabled: n.pdfViewerEnabled,
      vendor: n.vendor,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      screen: [screen.width, screen.height, screen.colorDepth, window.devicePixelRatio],
    };
  }

  function collect() {
    var components = {
      canvas: canvasComponent(),
      webgl: webglComponent(),
      fonts: fontsComponent(),
      navigator: navigatorComponent(),
    };
    return audioComponent().then(function (audio) {
      components.audio = audio;
      var visitorId = hash(JSON.stringify(components)) + hash(JSON.stringify(components.canvas) + audio);
      var body = {
        apiKey: apiKey,
        visitorId: visitorId,
        url: location.href,
        userAgent: navigator.userAgent,
        components: components,
      };
      // text/plain keeps it a simple request: no CORS preflight.
      return fetch(endpoint, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'text/plain' },
        keepalive: true,
        credentials: 'include',
      }).then(
        function () {
          return visitorId;
        },
        function () {
          return visitorId;
        },
      );
    });
  }

  window.FingerprintDemo = {
    load: function () {
      return { get: collect };
    },
  };
  // Like a fraud-prevention tag on a sign-in page: identify the device as soon as the page is up.
  if (document.readyState === 'complete') collect();
  else
    addEventListener('load', function () {
      collect();
    });
})();

// Stand-in for Meta's fbevents.js: pixel events to www.facebook.com/tr with cd[...] custom data and
// ud[...] advanced matching (SHA-256 of the normalised value), browser id in fbp.
(function () {
  var pixelId = null;
  var userData = {};
  var pending = Promise.resolve();
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  var fbp = cookie('_fbp');
  if (!fbp) {
    fbp = 'fb.1.' + Date.now() + '.' + Math.floor(Math.random() * 1e10);
    document.cookie = '_fbp=' + fbp + '; path=/; max-age=7776000; SameSite=Lax';
  }
  function sha256(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(function (buf) {
      return Array.from(new Uint8Array(buf))
        .map(function (b) {
          return b.toString(16).padStart(2, '0');
        })
        .join('');
    });
  }
  function send(event, custom) {
    var q = new URLSearchParams({
      id: pixelId,
      ev: event,
      dl: location.href,
      rl: document.referrer,
      if: 'false',
      ts: String(Date.now()),
      sw: String(screen.width),
      sh: String(screen.height),
      v: '2.9.204',
      r: 'stable',
      ec: '0',
      o: '4126',
      fbp: fbp,
      it: String(Date.now()),
      coo: 'false',
      rqm: 'GET',
    });
    Object.keys(custom || {}).forEach(function (k) {
      var v = custom[k];
      q.set('cd[' + k + ']', typeof v === 'string' ? v : JSON.stringify(v));
    });
    Object.keys(userData).forEach(function (k) {
      q.set('ud[' + k + ']', userData[k]);
    });
    new Image().src = 'https://www.facebook.com/tr/?' + q.toString();
  }
  var queued = (window.fbq && window.fbq.q) || [];
  window.fbq = function (command, a, b) {
    if (command === 'init') {
      pixelId = a;
      var raw = b || {};
      pending = pending.then(function () {
        return Promise.all(
          Object.keys(raw).map(function (k) {
            return sha256(String(raw[k]).trim().toLowerCase()).then(function (h) {
              userData[k] = h;
            });
          }),
        );
      });
    } else if (command === 'track') {
      pending = pending.then(function () {
        send(a, b);
      });
    }
  };
  queued.forEach(function (args) {
    window.fbq.apply(null, args);
  });
})();

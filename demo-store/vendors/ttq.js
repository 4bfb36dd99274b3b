// Stand-in for TikTok's pixel: JSON events POSTed to analytics.tiktok.com/api/v2/pixel, with the
// hashed email/phone of ttq.identify in context.user.
(function () {
  var code = new URL(document.currentScript.src).searchParams.get('sdkid');
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  var ttp = cookie('_ttp');
  if (!ttp) {
    ttp = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    document.cookie = '_ttp=' + ttp + '; path=/; max-age=33696000; SameSite=Lax';
  }
  var user = { anonymous_id: ttp };
  var pending = Promise.resolve();
  function sha256(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(function (buf) {
      return Array.from(new Uint8Array(buf))
        .map(function (b) {
          return b.toString(16).padStart(2, '0');
        })
        .join('');
    });
  }
  function send(event, properties) {
    var body = {
      event: event,
      message_id: 'messageId-' + Date.now() + '-' + Math.random().toString(36).slice(2),
      event_id: '',
      is_onsite: false,
      timestamp: new Date().toISOString(),
      context: {
        ad: {},
        user: user,
        pixel: { code: code },
        page: { url: location.href, referrer: document.referrer },
        library: { name: 'pixel.js', version: '2.2.1' },
        device: { platform: 'pc' },
        session_id: ttp + '::' + Date.now(),
        locale: navigator.language,
        userAgent: navigator.userAgent,
      },
      properties: properties || {},
    };
    fetch('https://analytics.tiktok.com/api/v2/pixel', {
      method: 'POST',
      mode: 'cors',
      credentials: 'include',
      keepalive: true,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(function () {});
  }
  var queued = (window.ttq && window.ttq.q) || [];
  window.ttq = {
    page: function () {
      pending = pending.then(function () {
        send('Pageview', {});
      });
    },
    track: function (event, props) {
      pending = pending.then(function () {
        send(event, props);
      });
    },
    identify: function (fields) {
      pending = pending.then(function () {
        return Promise.all(
          Object.keys(fields).map(function (k) {
            return sha256(String(fields[k]).trim().toLowerCase()).then(function (h) {
              user[k] = h;
            });
          }),
        );
      });
    },
  };
  queued.forEach(function (call) {
    window.ttq[call[0]].apply(window.ttq, call.slice(1));
  });
})();

// Stand-in for gtag.js: GA4 Measurement Protocol hits to /g/collect (v=2), batched like gtag batches.
(function () {
  var script = document.currentScript;
  var tid = new URL(script.src).searchParams.get('id');
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  var ga = cookie('_ga');
  if (!ga) {
    ga = 'GA1.1.' + Math.floor(Math.random() * 2147483647) + '.' + Math.floor(Date.now() / 1000);
    document.cookie = '_ga=' + ga + '; path=/; max-age=63072000; SameSite=Lax';
  }
  var cid = ga.split('.').slice(2).join('.');
  var sid = String(Math.floor(Date.now() / 1000));
  var queue = [];
  var timer = null;

  function eventParams(name, params) {
    var out = new URLSearchParams();
    out.set('en', name);
    params = params || {};
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (key === 'items') {
        value.forEach(function (item, i) {
          out.set(
            'pr' + (i + 1),
            'id' + item.item_id + '~nm' + item.item_name + '~pr' + item.price + '~qt' + (item.quantity || 1),
          );
        });
      } else if (key === 'currency') out.set('cu', value);
      else if (typeof value === 'number') out.set('epn.' + key, String(value));
      else out.set('ep.' + key, String(value));
    });
    return out;
  }

  function flush() {
    timer = null;
    var events = queue.splice(0);
    if (!events.length) return;
    var base = new URLSearchParams({
      v: '2',
      tid: tid,
      gtm: '45je4b10v9',
      _p: String(Date.now()),
      cid: cid,
      ul: navigator.language.toLowerCase(),
      sr: screen.width + 'x' + screen.height,
      sid: sid,
      sct: '1',
      seg: '1',
      dl: location.href,
      dr: document.referrer,
      dt: document.title,
    });
    var url = 'https://region1.google-analytics.com/g/collect?' + base.toString();
    if (events.length === 1) {
      navigator.sendBeacon(url + '&' + events[0].toString());
    } else {
      navigator.sendBeacon(
        url,
        events
          .map(function (e) {
            return e.toString();
          })
          .join('\n'),
      );
    }
  }

  var queued = (window.dataLayer || []).slice();
  window.dataLayer = window.dataLayer || [];
  window.gtag = function (command, name, params) {
    window.dataLayer.push(arguments);
    if (command !== 'event') return;
    queue.push(eventParams(name, params));
    if (!timer) timer = setTimeout(flush, 30);
  };
  window.gtag('event', 'page_view');
  queued.forEach(function (args) {
    if (args[0] === 'event') window.gtag.apply(null, args);
  });
  addEventListener('pagehide', flush);
})();

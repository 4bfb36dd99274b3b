// Stand-in for Criteo's OneTag (ld.js): criteo_q events encoded as p0..pN in a GET to sslwidget.criteo.com/event.
(function () {
  var queue = window.criteo_q || [];
  var state = { account: '', siteType: 'd', events: [] };
  var timer = null;
  function encodeItems(items) {
    return encodeURIComponent(
      JSON.stringify(
        items.map(function (it) {
          return typeof it === 'string' ? { i: it } : { i: it.id, pr: it.price, q: it.quantity };
        }),
      ),
    );
  }
  function handle(e) {
    if (e.event === 'setAccount') state.account = e.account;
    else if (e.event === 'setSiteType') state.siteType = e.type;
    else if (e.event === 'viewHome') state.events.push('e=vh');
    else if (e.event === 'viewItem') state.events.push('e=vp&p=' + encodeURIComponent(e.item));
    else if (e.event === 'viewList')
      state.events.push('e=vl&p=' + encodeItems(e.item) + (e.keywords ? '&kw=' + encodeURIComponent(e.keywords) : ''));
    else if (e.event === 'viewBasket') state.events.push('e=vb&p=' + encodeItems(e.item));
    else if (e.event === 'trackTransaction')
      state.events.push('e=vc&id=' + encodeURIComponent(e.id) + '&p=' + encodeItems(e.item));
    else if (e.event === 'setEmail')
      state.events.push('e=ce&m=' + encodeURIComponent(JSON.stringify(e.email)) + '&h=' + (e.hash_method || 'none'));
    if (!timer) timer = setTimeout(flush, 30);
  }
  function flush() {
    timer = null;
    var events = ['e=exd&site_type=' + state.siteType].concat(state.events.splice(0), ['e=dis']);
    var q = 'a=' + state.account + '&v=5.23.0&otl=1';
    events.forEach(function (ev, i) {
      q += '&p' + i + '=' + encodeURIComponent(ev);
    });
    q +=
      '&adce=1&tld=' +
      location.hostname.split('.').slice(-2).join('.') +
      '&fu=' +
      encodeURIComponent(location.href) +
      '&ceid=' +
      (crypto.randomUUID ? crypto.randomUUID() : Date.now());
    new Image().src = 'https://sslwidget.criteo.com/event?' + q;
  }
  window.criteo_q = {
    push: function () {
      for (var i = 0; i < arguments.length; i++) handle(arguments[i]);
    },
  };
  queue.forEach(handle);
})();

// Stand-in for a personalization vendor (Dynamic Yield's wire shape): events to direct-collect.dynamicyield.com/dpx,
// recommendations fetched from rcom.dynamicyield.com and rendered late into the page as a DY widget.
(function () {
  var section = new URL(document.currentScript.src).pathname.split('/')[2];
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  var dyid = cookie('_dyid');
  if (!dyid) {
    dyid = String(Math.floor(Math.random() * 1e18));
    document.cookie = '_dyid=' + dyid + '; path=/; max-age=31536000; SameSite=Lax';
  }
  var context = { type: 'OTHER', data: [] };
  function collect(eventName, props) {
    var q = new URLSearchParams({
      cnst: '1',
      _: String(Date.now()),
      uid: dyid,
      sec: section,
      t: 'ri',
      e: eventName,
      p: JSON.stringify(props || {}),
      ctx: JSON.stringify(context),
      ref: document.referrer,
      url: location.href,
    });
    new Image().src = 'https://direct-collect.dynamicyield.com/dpx?' + q.toString();
  }
  function renderRecommendations() {
    var slot = document.getElementById('dy-recs-slot');
    if (!slot) return;
    fetch(
      'https://rcom.dynamicyield.com/v3/recommend/' +
        section +
        '?dyid=' +
        dyid +
        '&ctx=' +
        encodeURIComponent(JSON.stringify(context)),
      { credentials: 'include' },
    )
      .then(function (r) {
        return r.json();
      })
      .then(function (data) {
        // Rendered late on purpose, as real widgets are: after the page has settled.
        setTimeout(function () {
          var widget = document.createElement('div');
          widget.className = 'dy-recommendations-widget';
          widget.setAttribute('data-dy-widget-id', '118822');
          widget.setAttribute('data-dy-strategy-id', '55443');
          widget.innerHTML = '<h3 class="dy-recommendations__title"></h3><ul class="dy-recommendations__slots"></ul>';
          widget.querySelector('h3').textContent = data.title;
          data.slots.forEach(function (slotItem) {
            var li = document.createElement('li');
            li.className = 'dy-recommendations__slot';
            li.innerHTML = '<a></a>';
            li.firstChild.href = '/product/' + slotItem.sku;
            li.firstChild.textContent = slotItem.name;
            widget.querySelector('ul').appendChild(li);
          });
          slot.appendChild(widget);
        }, 400);
      })
      .catch(function () {});
  }
  var queued = (window.DY && window.DY.q) || [];
  window.DY = {
    API: function (command, payload) {
      if (command === 'context') {
        context = payload;
        collect('Page View', {});
        renderRecommendations();
      } else if (command === 'event') collect(payload.name, payload.properties);
    },
  };
  queued.forEach(function (args) {
    window.DY.API.apply(null, args);
  });
})();

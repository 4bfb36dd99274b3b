// Stand-in for a session-replay recorder (FullStory's wire shape): page metadata to /rec/page, then
// bundles of mouse, scroll, click and key events POSTed as text/plain JSON to /rec/bundle/v2.
(function () {
  var org = 'o-DEMO-na1';
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  var uid = cookie('fs_uid');
  if (!uid) {
    uid = '#' + org + '#' + Math.floor(Math.random() * 1e16) + ':' + Math.floor(Math.random() * 1e16);
    document.cookie = 'fs_uid=' + encodeURIComponent(uid) + '; path=/; max-age=31536000; SameSite=Lax';
  }
  var userId = uid.split('#')[2].split(':')[0];
  var sessionId = uid.split(':')[1];
  var pageId = String(Math.floor(Math.random() * 1e16));
  var seq = 0;
  var events = [];
  var start = Date.now();
  var base = 'https://rs.fullstory.com/rec/';
  function post(path, body) {
    var url =
      base +
      path +
      (path.indexOf('?') < 0 ? '?' : '&') +
      'OrgId=' +
      org +
      '&UserId=' +
      userId +
      '&SessionId=' +
      sessionId +
      '&PageId=' +
      pageId;
    navigator.sendBeacon(url, new Blob([JSON.stringify(body)], { type: 'text/plain' }));
  }
  post('page', {
    OrgId: org,
    UserId: userId,
    Url: location.href,
    Base: location.origin,
    Referrer: document.referrer,
    Title: document.title,
    Width: innerWidth,
    Height: innerHeight,
    ScreenWidth: screen.width,
    ScreenHeight: screen.height,
    UserAgent: navigator.userAgent,
  });
  function record(kind, args) {
    events.push({ When: Date.now() - start, Kind: kind, Args: args });
  }
  var lastMove = 0;
  addEventListener(
    'mousemove',
    function (e) {
      if (Date.now() - lastMove < 50) return;
      lastMove = Date.now();
      record(3, [e.clientX, e.clientY]);
    },
    true,
  );
  addEventListener(
    'click',
    function (e) {
      record(9, [e.clientX, e.clientY, e.target && e.target.id]);
    },
    true,
  );
  addEventListener(
    'scroll',
    function () {
      record(2, [scrollX, scrollY]);
    },
    true,
  );
  addEventListener(
    'keydown',
    function (e) {
      record(16, [e.target && e.target.id, e.key.length === 1 ? 1 : e.key]);
    },
    true,
  );
  function flush() {
    if (!events.length) return;
    seq += 1;
    post('bundle/v2?Seq=' + seq + '&ClientTime=' + Date.now(), {
      Seq: seq,
      When: Date.now() - start,
      Evts: events.splice(0),
    });
  }
  setInterval(flush, 500);
  addEventListener('pagehide', flush);
  window.FS = { flush: flush };
})();

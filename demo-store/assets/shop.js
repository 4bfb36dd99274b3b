/* global fbq, ttq, criteo_q, DY, gtag */
// The demo store's own glue code: it calls the vendor tags the way a real shop's tag setup does.
(function () {
  var ids = window.SHOP_IDS;
  var body = document.body.dataset;
  var page = body.page;
  var cart = JSON.parse(localStorage.getItem('cart') || '[]');
  document.getElementById('cart-count').textContent = String(cart.length);

  fbq('init', ids.metaPixel);
  fbq('track', 'PageView');
  ttq.page();
  criteo_q.push({ event: 'setAccount', account: ids.criteo }, { event: 'setSiteType', type: 'd' });

  function item() {
    return { item_id: body.sku, item_name: body.name, price: Number(body.price), quantity: 1 };
  }
  function cartValue() {
    return (
      Math.round(
        cart.reduce(function (sum, line) {
          return sum + line.price;
        }, 0) * 100,
      ) / 100
    );
  }

  if (page === 'home') {
    criteo_q.push({ event: 'viewHome' });
    DY.API('context', { type: 'HOMEPAGE', data: [] });
  }
  if (page === 'product') {
    gtag('event', 'view_item', { currency: 'USD', value: Number(body.price), items: [item()] });
    fbq('track', 'ViewContent', {
      content_ids: [body.sku],
      content_type: 'product',
      value: Number(body.price),
      currency: 'USD',
    });
    ttq.track('ViewContent', {
      contents: [{ content_id: body.sku, content_name: body.name, price: Number(body.price) }],
      value: Number(body.price),
      currency: 'USD',
    });
    criteo_q.push({ event: 'viewItem', item: body.sku });
    DY.API('context', { type: 'PRODUCT', data: [body.sku] });
    document.getElementById('add-to-cart').addEventListener('click', function () {
      cart.push({ sku: body.sku, name: body.name, price: Number(body.price) });
      localStorage.setItem('cart', JSON.stringify(cart));
      document.getElementById('cart-count').textContent = String(cart.length);
      gtag('event', 'add_to_cart', { currency: 'USD', value: Number(body.price), items: [item()] });
      fbq('track', 'AddToCart', { content_ids: [body.sku], value: Number(body.price), currency: 'USD' });
      ttq.track('AddToCart', {
        contents: [{ content_id: body.sku, price: Number(body.price) }],
        value: Number(body.price),
        currency: 'USD',
      });
      DY.API('event', {
        name: 'Add to Cart',
        properties: { dyType: 'add-to-cart-v1', value: Number(body.price), productId: body.sku },
      });
    });
  }
  if (page === 'search') {
    gtag('event', 'view_search_results', { search_term: body.query });
    fbq('track', 'Search', { search_string: body.query });
    ttq.track('Search', { query: body.query });
    criteo_q.push({ event: 'viewList', item: [], keywords: body.query });
  }
  if (page === 'cart') {
    var list = document.getElementById('cart-lines');
    cart.forEach(function (line) {
      var li = document.createElement('li');
      li.textContent = line.name + ' $' + line.price.toFixed(2);
      list.appendChild(li);
    });
    gtag('event', 'view_cart', { currency: 'USD', value: cartValue() });
    criteo_q.push({
      event: 'viewBasket',
      item: cart.map(function (l) {
        return { id: l.sku, price: l.price, quantity: 1 };
      }),
    });
  }
  if (page === 'checkout') {
    gtag('event', 'begin_checkout', { currency: 'USD', value: cartValue() });
    fbq('track', 'InitiateCheckout', { value: cartValue(), currency: 'USD', num_items: cart.length });
    document.getElementById('checkout-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var email = document.getElementById('email').value;
      var phone = document.getElementById('phone').value;
      var orderId = 'DO-' + Date.now();
      var contents = cart.map(function (l) {
        return l.sku;
      });
      fbq('init', ids.metaPixel, phone ? { em: email, ph: phone } : { em: email });
      fbq('track', 'Purchase', { content_ids: contents, value: cartValue(), currency: 'USD', order_id: orderId });
      gtag('event', 'purchase', {
        transaction_id: orderId,
        currency: 'USD',
        value: cartValue(),
        items: cart.map(function (l) {
          return { item_id: l.sku, item_name: l.name, price: l.price };
        }),
      });
      ttq.identify({ email: email });
      ttq.track('CompletePayment', {
        contents: cart.map(function (l) {
          return { content_id: l.sku, price: l.price };
        }),
        value: cartValue(),
        currency: 'USD',
      });
      criteo_q.push({
        event: 'trackTransaction',
        id: orderId,
        item: cart.map(function (l) {
          return { id: l.sku, price: l.price, quantity: 1 };
        }),
      });
      localStorage.removeItem('cart');
      document.getElementById('order-status').textContent = 'Thank you! Order ' + orderId + ' is placed.';
    });
  }
  if (page === 'stores') {
    document.getElementById('locate').addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          var lat = pos.coords.latitude.toFixed(4);
          var lng = pos.coords.longitude.toFixed(4);
          fetch('/api/stores?lat=' + lat + '&lng=' + lng)
            .then(function (r) {
              return r.json();
            })
            .then(function (stores) {
              var list = document.getElementById('store-list');
              stores.forEach(function (s) {
                var li = document.createElement('li');
                li.textContent = s.name + ' (' + s.postalCode + ')';
                list.appendChild(li);
              });
              gtag('event', 'find_store', { store_postal_code: stores[0].postalCode });
              fbq('track', 'FindLocation', { lat: lat, lng: lng });
              DY.API('event', {
                name: 'Store lookup',
                properties: { lat: Number(lat), lng: Number(lng), zip: stores[0].postalCode },
              });
            });
        },
        function (err) {
          document.getElementById('store-list').textContent = 'Location unavailable: ' + err.message;
        },
      );
    });
  }
})();

/**
 * The generic analyser's vocabulary: parameter and JSON property names that carry a data category,
 * with the value shape each must have. Kept as data. Names are normalised (last path segment,
 * lower case, letters and digits only) so `ud[em]`, `properties.$email` and `user_email` all resolve.
 *
 * "strong" names are unambiguous and apply everywhere; weak ones (q, uid, url, sr…) apply only where
 * no vendor decoder already read the request, and never on static assets (image `q=80` is quality).
 */
import type { Category } from '../categories';
import {
  containsEmail,
  hashKind,
  isCoordinate,
  isCoordinatePair,
  isDimensions,
  isEmail,
  looksLikeHttpUrl,
  isIdentifierLike,
  isLanguage,
  isNumeric,
  isPhone,
  isPostalCode,
  isSearchText,
  isTimezone,
  isUserAgent,
} from '../wire/shapes';

export type Shape =
  | 'any'
  | 'text'
  | 'search'
  | 'id'
  | 'url'
  | 'number'
  | 'email-or-hash'
  | 'hash'
  | 'phone-or-hash'
  | 'postal-or-hash'
  | 'lat'
  | 'lng'
  | 'coords'
  | 'dims'
  | 'ua'
  | 'tz'
  | 'lang';

export interface KeyRule {
  category: Category;
  shape: Shape;
  strong: boolean;
}

type Row = [Category, Shape, 'strong' | 'weak', string];

// [category, shape, strength, space-separated normalised names]
const ROWS: Row[] = [
  [
    'contact',
    'email-or-hash',
    'strong',
    'email emailaddress useremail customeremail contactemail billingemail shippingemail em hem hashedemail emailhash sha256email emailsha256 sha256emailaddress md5email emailmd5 sha1email emailsha1 hashedemailaddress uhem hashedmail emailhashed hashedemails plaintextemail',
  ],
  [
    'contact',
    'phone-or-hash',
    'strong',
    'phone phonenumber telephone tel mobile mobilephone mobilenumber cellphone userphone customerphone billingphone shippingphone ph uhpn hashedphone phonehash sha256phone phonesha256 hashedphonenumber sha256phonenumber',
  ],
  [
    'contact',
    'text',
    'strong',
    'firstname lastname fullname givenname familyname surname customername billingname shippingname',
  ],
  ['contact', 'hash', 'strong', 'fn ln'],
  [
    'contact',
    'text',
    'weak',
    'address address1 address2 streetaddress street addressline1 addressline2 billingaddress shippingaddress',
  ],
  [
    'location',
    'postal-or-hash',
    'strong',
    'zip zipcode postalcode postcode plz postal zp userzip shippingzip billingzip storezip',
  ],
  ['location', 'text', 'strong', 'usercity geocity shippingcity billingcity'],
  ['location', 'text', 'weak', 'city town'],
  ['location', 'lat', 'strong', 'lat latitude userlat geolat'],
  ['location', 'lng', 'strong', 'lng lon long longitude userlng userlon geolng geolon'],
  ['location', 'coords', 'strong', 'geo geolocation coordinates coords latlng latlon latlong ll location position'],
  [
    'location',
    'any',
    'strong',
    'preferredstore preferredstoreid selectedstore selectedstoreid mystore mystoreid storelocation pickupstore pickupstoreid homestore nearbystore',
  ],
  [
    'identifiers',
    'id',
    'strong',
    'userid clientid deviceid visitorid anonymousid anonid distinctid customerid externalid advertisingid idfa idfv gaid aaid cookieid sessionid ajsanonymousid ajsuserid ecid mcid marketingcloudvisitorid tntid dyid dyidserver fpid puid muid tdid id5id uid2 euid rampid idlenv pubcid crmid loyaltyid memberid profileid personid shopperid guestid browserid machineid installationid fbp fbc ttp visitid',
  ],
  [
    'identifiers',
    'id',
    'strong',
    'gclid gbraid wbraid dclid fbclid ttclid msclkid twclid lifatid epik sccid scclid rdtcid irclickid clickid yclid srsltid sccookie1',
  ],
  ['identifiers', 'id', 'weak', 'uid cid vid sid mid user guid uuid aid ga gid bundle adid'],
  [
    'search',
    'search',
    'strong',
    'searchterm searchquery searchstring searchtext searchkeyword searchkeywords searchterms keyword keywords search searchphrase internalsearch onsitesearch sitesearch searchinput',
  ],
  ['search', 'search', 'weak', 'q query kw term terms ntt'],
  [
    'browsing',
    'url',
    'strong',
    'pageurl pagelocation currenturl pagereferrer referrer referer href documentlocation documenturl landingpage landingpageurl',
  ],
  ['browsing', 'url', 'weak', 'url dl location ref dr rl page loc uri'],
  ['browsing', 'any', 'strong', 'pagetitle documenttitle pagename pagetype pagepath viewedproduct'],
  // Product ids are browsing on a view and purchases in a cart or order: a decoder knows which.
  [
    'browsing',
    'any',
    'weak',
    'productid productids sku skus itemid itemids contentids contentid productname itemname contentname productsku productcategory categoryname',
  ],
  ['browsing', 'text', 'weak', 'title dt path category'],
  [
    'purchases',
    'any',
    'strong',
    'orderid transactionid purchaseid revenue ordertotal ordervalue ordernumber cartvalue cartitems cartid basketvalue basketid basket cart lineitems coupon couponcode promocode discountcode checkoutid subtotal shippingcost conversionvalue transactiontotal totalvalue totalprice addtocart purchase',
  ],
  ['purchases', 'number', 'weak', 'total price quantity qty tax shipping value amount'],
  ['purchases', 'any', 'weak', 'products items'],
  [
    'device',
    'any',
    'strong',
    'useragent screenresolution screensize resolution viewport viewportsize screenwidth screenheight windowwidth windowheight innerwidth innerheight colordepth pixelratio devicepixelratio timezone timezoneoffset tzoffset browserlanguage osname osversion browsername browserversion devicemodel devicetype devicebrand devicevendor hardwareconcurrency devicememory maxtouchpoints plugins canvasfingerprint webglvendor webglrenderer uaplatform uamodel uafullversion uaa uab uam uap uapv uafvl connectiontype effectivetype',
  ],
  ['device', 'lang', 'strong', 'language locale'],
  ['device', 'ua', 'weak', 'ua'],
  ['device', 'dims', 'weak', 'sr res vp scr screen'],
  ['device', 'number', 'weak', 'sw sh'],
  ['device', 'tz', 'weak', 'tz'],
  ['device', 'lang', 'weak', 'ul lang lg'],
  [
    'behavior',
    'any',
    'strong',
    'mousemove mousemoves mousemovements mousepositions keystrokes keypresses clickmap heatmap domsnapshot rrwebevents recording sessionreplay replayevents scrollmap',
  ],
];

const RULES = new Map<string, KeyRule[]>();
for (const [category, shape, strength, names] of ROWS) {
  for (const name of names.split(' ')) {
    const list = RULES.get(name) ?? [];
    list.push({ category, shape, strong: strength === 'strong' });
    RULES.set(name, list);
  }
}

/** Last meaningful segment of a key, lower case, letters and digits only: "ud[em]" → "em". */
export function normaliseKey(key: string): string {
  let end = key.length;
  while (end > 0 && key.charCodeAt(end - 1) === 93 /* ] */) end--;
  let start = end;
  for (;;) {
    while (start > 0) {
      const c = key.charCodeAt(start - 1);
      if (c === 46 /* . */ || c === 91 /* [ */ || c === 47 /* / */ || c === 58 /* : */) break;
      start--;
    }
    // Skip purely numeric segments ("items[0]"): their parent names the field.
    if (start > 0 && /^\d+$/.test(key.slice(start, end))) {
      end = start - 1;
      while (end > 0 && key.charCodeAt(end - 1) === 93) end--;
      start = end;
      continue;
    }
    break;
  }
  let out = '';
  for (let i = start; i < end; i++) {
    const c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += key[i];
  }
  return out;
}

const MAX_CACHE = 8192;
const ruleCache = new Map<string, readonly KeyRule[] | null>();

/** Rules for a raw key, memoised: the same few hundred keys repeat on every request. */
export function rulesForKey(key: string): readonly KeyRule[] | null {
  let rules = ruleCache.get(key);
  if (rules === undefined) {
    rules = key.length > 128 ? null : (RULES.get(normaliseKey(key)) ?? null);
    if (ruleCache.size >= MAX_CACHE) ruleCache.clear();
    ruleCache.set(key, rules);
  }
  return rules;
}

/** Whether a value has the shape a rule asks for. */
export function valueFits(shape: Shape, value: string): boolean {
  switch (shape) {
    case 'any':
      return value.length > 0 && value !== 'null' && value !== 'undefined' && value !== '[]' && value !== '{}';
    case 'text':
      return value.length > 1 && /[a-z]/i.test(value) && value !== 'null' && value !== 'undefined';
    case 'search':
      return isSearchText(value);
    case 'id':
      return isIdentifierLike(value);
    case 'url':
      return looksLikeHttpUrl(value);
    case 'number':
      return isNumeric(value) && value !== '0';
    case 'email-or-hash':
      return (
        isEmail(value) ||
        hashKind(value) !== undefined ||
        (value.length < 400 && containsEmail(value) && value.indexOf('://') < 0)
      );
    case 'hash':
      return hashKind(value) !== undefined;
    case 'phone-or-hash':
      return isPhone(value) || hashKind(value) !== undefined;
    case 'postal-or-hash':
      return isPostalCode(value) || hashKind(value) !== undefined;
    case 'lat':
      return isCoordinate(value, 90);
    case 'lng':
      return isCoordinate(value, 180);
    case 'coords':
      return isCoordinatePair(value);
    case 'dims':
      return isDimensions(value);
    case 'ua':
      return isUserAgent(value);
    case 'tz':
      return isTimezone(value);
    case 'lang':
      return isLanguage(value);
  }
}

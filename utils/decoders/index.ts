import type { Decoder } from './types';

export type { Decoder } from './types';
import { ga4 } from './ga4';
import { universalAnalytics } from './universal-analytics';
import { googleAds } from './google-ads';
import { metaPixel } from './meta-pixel';
import { tiktok } from './tiktok';
import { pinterest } from './pinterest';
import { snap } from './snap';
import { bingUet } from './bing-uet';
import { reddit } from './reddit';
import { linkedin } from './linkedin';
import { xPixel } from './x-pixel';
import { criteo } from './criteo';
import { amazonAds } from './amazon-ads';
import { adobeAnalytics } from './adobe-analytics';
import { adobeTarget } from './adobe-target';
import { segment } from './segment';
import { klaviyo } from './klaviyo';
import { amplitude } from './amplitude';
import { mixpanel } from './mixpanel';
import { heap } from './heap';
import { hotjar } from './hotjar';
import { fullstory } from './fullstory';
import { datadog } from './datadog';
import { sentry } from './sentry';
import { clarity } from './clarity';
import { contentsquare } from './contentsquare';
import { dynamicYield } from './dynamic-yield';
import { richrelevance } from './richrelevance';
import { monetate } from './monetate';
import { nosto } from './nosto';
import { algolia } from './algolia';
import { bloomreach } from './bloomreach';
import { liveramp } from './liveramp';
import { uid2 } from './uid2';
import { snowplow } from './snowplow';
import { tealium } from './tealium';

/**
 * Every vendor decoder. Adding a vendor: one file in this folder, one entry here, one line in
 * utils/vendors/registry.ts. Order matters where hosts are shared (GA4 before UA before Google Ads
 * on doubleclick.net; Adobe Target's tt.omtrdc.net before Adobe Analytics' omtrdc.net).
 */
export const DECODERS: readonly Decoder[] = [
  ga4,
  universalAnalytics,
  googleAds,
  metaPixel,
  tiktok,
  pinterest,
  snap,
  bingUet,
  reddit,
  linkedin,
  xPixel,
  criteo,
  amazonAds,
  adobeTarget,
  adobeAnalytics,
  segment,
  klaviyo,
  amplitude,
  mixpanel,
  heap,
  hotjar,
  fullstory,
  datadog,
  sentry,
  clarity,
  contentsquare,
  dynamicYield,
  richrelevance,
  monetate,
  nosto,
  algolia,
  bloomreach,
  liveramp,
  uid2,
  snowplow,
  tealium,
];

/** Decoders that recognise their protocol on any host (CNAME-cloaked first-party collectors). */
export const CLOAKABLE_DECODERS: readonly Decoder[] = DECODERS.filter((d) => d.cloaked !== undefined);

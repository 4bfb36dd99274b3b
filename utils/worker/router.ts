/**
 * The worker's message routing and its trust rules. A message is answered only when it comes from
 * this extension; then its sender decides what it may say:
 * - the extension's own pages (popup, dashboard) send control messages: consent, erasure, status;
 * - content scripts, which run beside hostile pages, may only add observations for their own tab.
 * A content script's control message is refused, whatever it claims. Each message is validated here,
 * at the receiving end, before its handler sees it.
 */
import {
  dispatch,
  validateContentMessage,
  validateControlMessage,
  type ContentMessageType,
  type ControlMessageType,
  type Failure,
  type Handlers,
} from '../messages';
import type { MessageSenderInfo, RuntimeApi } from '../platform';
import { siteOfUrl } from '../recipient/site';

/** Where a content script's message comes from, as the browser (not the message) says. */
export interface ContentContext {
  tabId: number;
  /** The tab's top-level page: decides the retailer. */
  tabUrl: string;
  /** The frame's own page (an iframe's URL for a content script in a frame). */
  pageUrl: string;
  /** The retailer: registrable domain of the tab's page. */
  site: string;
}

export interface RouterDeps {
  runtime: Pick<RuntimeApi, 'id' | 'origin'>;
  content: Handlers<ContentMessageType, ContentContext>;
  control: Handlers<ControlMessageType, undefined>;
}

export type MessageRoute = (raw: unknown, sender: MessageSenderInfo) => Promise<unknown> | undefined;

export function createMessageRouter(deps: RouterDeps): MessageRoute {
  return (raw, sender) => {
    if (sender.id !== deps.runtime.id) return undefined;
    if (isExtensionPage(sender.url, deps.runtime.origin)) {
      const result = validateControlMessage(raw);
      if (!result.ok) return Promise.resolve(failure(result.error));
      return dispatch(deps.control, result.value, undefined).catch((error) => failure(String(error)));
    }
    const tabId = sender.tab?.id;
    const tabUrl = sender.tab?.url;
    if (tabId === undefined || !tabUrl) return undefined;
    const result = validateContentMessage(raw);
    if (!result.ok) return Promise.resolve(failure(result.error));
    const context: ContentContext = { tabId, tabUrl, pageUrl: sender.url ?? tabUrl, site: siteOfUrl(tabUrl) };
    return dispatch(deps.content, result.value, context).catch((error) => failure(String(error)));
  };
}

/** Compared as text: URL parsers give extension schemes an opaque origin outside the browser. */
function isExtensionPage(url: string | undefined, origin: string): boolean {
  return !!url && url.startsWith(origin + '/');
}

function failure(error: string): Failure {
  return { ok: false, error };
}

import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from '../../components/App';
import { localizePage } from '../../components/i18n';
import { siteOfUrl } from '../../utils/recipient/site';
import './style.css';

/** The retailer to show: ?site=DOMAIN (links, tests) or the active tab's site. */
async function currentSite(): Promise<string> {
  const requested = new URLSearchParams(location.search).get('site');
  if (requested) return siteOfUrl(`https://${requested}/`);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return siteOfUrl(tab?.url);
}

localizePage();
void currentSite().then((site) => render(<App site={site} />, document.getElementById('app')!));

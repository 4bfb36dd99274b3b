/**
 * The in-page label on a personalized placement. It lives in a closed shadow root so page CSS cannot
 * restyle it and its styles cannot leak into the page; plain DOM keeps the content script small.
 */
import { browser } from 'wxt/browser';
import type { Placement } from '../utils/model';
import { badgeStrings, type BadgeStrings } from '../utils/i18n/badge-messages';
import { pickLocale } from '../utils/i18n/locales';

/** The badge speaks the language of the page (or of the placement's own section), else the browser's. */
function stringsFor(container: Element): BadgeStrings {
  const pageLang = container.closest('[lang]')?.getAttribute('lang') ?? container.ownerDocument.documentElement.lang;
  return badgeStrings(pickLocale(pageLang, browser.i18n.getUILanguage()));
}

const STYLE = `
:host { all: initial; display: block; margin: 4px 0; font: 12px/1.4 system-ui, sans-serif; }
button.badge { all: unset; cursor: pointer; display: inline-flex; gap: 6px; align-items: center; padding: 2px 10px;
  border-radius: 12px; background: #1d3557; color: #fff; font-weight: 600; }
button.badge:focus-visible { outline: 2px solid #e76f51; outline-offset: 2px; }
.panel { margin-top: 6px; max-width: 420px; padding: 8px 10px; border-radius: 8px; background: #fff; color: #1b1b1f;
  border: 1px solid #1d3557; box-shadow: 0 2px 8px rgba(0,0,0,.15); }
.panel[hidden] { display: none; }
.panel button { all: unset; cursor: pointer; color: #1d3557; text-decoration: underline; font-weight: 600; }
`;

export interface BadgeHandlers {
  onOpenControls(): void;
}

/** Inserts the badge at the top of the placement's container and returns its host element. */
export function attachBadge(container: Element, placement: Placement, handlers: BadgeHandlers): HTMLElement {
  const strings = stringsFor(container);
  return insertBadge(
    container,
    placement,
    handlers,
    strings,
    strings.personalizedFrom(placement.categories),
    'first-child',
  );
}

/** Hides a personalized row (browsing revoked) and leaves a badge in its place saying so. */
export function hidePlacement(container: Element, placement: Placement, handlers: BadgeHandlers): HTMLElement {
  (container as HTMLElement).style?.setProperty('display', 'none', 'important');
  const strings = stringsFor(container);
  return insertBadge(container, placement, handlers, strings, strings.rowHidden, 'before');
}

function insertBadge(
  container: Element,
  placement: Placement,
  handlers: BadgeHandlers,
  strings: BadgeStrings,
  label: string,
  where: 'first-child' | 'before',
): HTMLElement {
  const host = document.createElement('shareledger-badge');
  host.setAttribute('data-shareledger', 'badge');
  host.setAttribute('data-placement-kind', placement.kind);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const button = document.createElement('button');
  button.className = 'badge';
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  button.textContent = `ⓘ ${label}`;
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  panel.setAttribute('role', 'note');
  const why = document.createElement('p');
  why.textContent = strings.why(placement.why);
  const manage = document.createElement('button');
  manage.type = 'button';
  manage.textContent = strings.manage;
  manage.addEventListener('click', () => handlers.onOpenControls());
  panel.append(why, manage);
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
  });
  shadow.append(style, button, panel);
  // Host text exposed to tests and assistive tech without opening the shadow root.
  host.setAttribute('aria-label', label);
  if (where === 'before') container.parentNode?.insertBefore(host, container);
  else container.insertBefore(host, container.firstChild);
  return host;
}

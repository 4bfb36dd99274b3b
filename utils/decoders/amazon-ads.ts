import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addParams, eventCategory, nestedParams, type Table } from './shared';

// Amazon Ads: conversion pixels (s.amazon-adsystem.com/iu3?d=…&ex-fargs=%3Fid%3D…%26type%3D…&ex-hargs=…),
// the Amazon Ads tag events (event=PageView|AddToShoppingCart|Checkout|OffAmazonPurchases…, hashed
// email), Transparent Ad Marketplace bids (aax*.amazon-adsystem.com/e/dtb/bid?u=<page>&ws=<screen>)
// and cookie matching (/ecm3, /s/ecm3).
const EVENTS: Record<string, Category> = {
  PageView: 'browsing',
  ViewContent: 'browsing',
  Search: 'search',
  AddToShoppingCart: 'purchases',
  Checkout: 'purchases',
  OffAmazonPurchases: 'purchases',
  Subscribe: 'purchases',
};

const PARAMS: Table = {
  u: 'browsing',
  pu: 'browsing',
  url: 'browsing',
  ref: 'browsing',
  ws: 'device',
  sw: 'device',
  sh: 'device',
  hashedRecords: 'contact',
  email: 'contact',
  em: 'contact',
  amznclid: 'identifiers',
  amzn_click_id: 'identifiers',
  aaxid: 'identifiers',
  ifa: 'identifiers',
  value: 'purchases',
  orderId: 'purchases',
};

export const amazonAds = defineDecoder({
  id: 'amazon-ads',
  hosts: ['amazon-adsystem.com'],
  matchesPath: (path) =>
    path.startsWith('/iu3') ||
    path.startsWith('/iui3') ||
    path.startsWith('/e/dtb/') ||
    path.startsWith('/ecm3') ||
    path.startsWith('/s/ecm3') ||
    path.startsWith('/x/') ||
    path.startsWith('/aat/') ||
    path.startsWith('/ts/'),
  decode(req, sink) {
    const { params, path } = req;
    addParams(params, PARAMS, 'url', sink);
    if (path.includes('ecm3')) sink.add('identifiers', 'url', 'cookie-match', path);
    const event = params.get('event') ?? params.get('ev');
    if (event) sink.add(EVENTS[event] ?? eventCategory(event) ?? 'browsing', 'url', 'event', event);
    const fargs = params.get('ex-fargs');
    if (fargs) {
      const inner = nestedParams(fargs.startsWith('?') ? fargs.slice(1) : fargs);
      const id = inner.get('id');
      if (id) sink.add('purchases', 'url', 'ex-fargs.id', id);
    }
    if (path.startsWith('/e/dtb/')) sink.add('browsing', 'url', 'bid', params.get('u') ?? path);
    const json = req.bodyJson();
    if (json && typeof json === 'object') {
      const name = (json as Record<string, unknown>).eventName ?? (json as Record<string, unknown>).event;
      if (typeof name === 'string')
        sink.add(EVENTS[name] ?? eventCategory(name) ?? 'browsing', 'body', 'eventName', name);
    }
  },
});

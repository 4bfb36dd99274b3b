import type { Decoder } from './types';
import { ga4 } from './ga4';
import { metaPixel } from './meta-pixel';

/** Every vendor decoder. Adding a vendor: one file in this folder and one entry here. */
export const DECODERS: readonly Decoder[] = [ga4, metaPixel];

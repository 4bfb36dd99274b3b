/** Personalized placement detection: what the content script and the CLI import. */
export {
  OWN_ATTRIBUTE,
  createPlacementScanner,
  detectPlacements,
  detectVendorScripts,
  toPlacement,
  type DetectOptions,
  type DetectedPlacement,
  type PlacementScanner,
} from './detect';
export { matchHeading, normalizeHeading, type HeadingMatch } from './phrase-compiler';
export { VENDOR_SIGNATURES, vendorById, vendorForScriptUrl, type VendorSignature } from './signatures';

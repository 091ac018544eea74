// CloudFront's double encoding, on top of the shared tolerant decoder (text/percent-decode.ts).

import { percentDecode } from '../text/percent-decode.js';

const HEX_PAIR = /%[0-9A-Fa-f]{2}/;

/**
 * CloudFront wrote some fields percent-encoded twice (`%2520` for a space, Dec 2019 logs): decode
 * a second time only when the raw value had an encoded `%` and the first pass left escapes behind.
 */
export function decodeCloudFrontValue(raw: string): string {
  if (raw.indexOf('%') === -1) return raw;
  const once = percentDecode(raw, false, 1);
  return once !== raw && raw.includes('%25') && HEX_PAIR.test(once) ? percentDecode(once, false, 1) : once;
}

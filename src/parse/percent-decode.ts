// URL-decoding that never throws: CloudFront percent-encodes agents, referers and cookies, and attack
// traffic puts invalid escapes (`%zz`, lone `%`, broken UTF-8) in exactly those fields.

const HEX_PAIR = /%[0-9A-Fa-f]{2}/;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Decodes valid `%XX` escapes as UTF-8 bytes and keeps everything else as it is. */
export function percentDecode(s: string): string {
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return decodeLoosely(s);
  }
}

function decodeLoosely(s: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */ && i + 2 < s.length && hexValue(s.charCodeAt(i + 1)) >= 0 && hexValue(s.charCodeAt(i + 2)) >= 0) {
      bytes.push(hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2)));
      i += 2;
    } else if (c < 128) {
      bytes.push(c);
    } else {
      const end = c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
      for (const b of encoder.encode(s.slice(i, end))) bytes.push(b);
      i = end - 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * CloudFront wrote some fields percent-encoded twice (`%2520` for a space, Dec 2019 logs): decode
 * a second time only when the raw value had an encoded `%` and the first pass left escapes behind.
 */
export function decodeCloudFrontValue(raw: string): string {
  const once = percentDecode(raw);
  return once !== raw && raw.includes('%25') && HEX_PAIR.test(once) ? percentDecode(once) : once;
}

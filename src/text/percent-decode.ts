// Tolerant URL decoding, shared by every stage that reads URLs or percent-encoded fields: attackers
// send broken and double encodings on purpose, and a broken escape must never throw or hide the rest.

const HEX = /%[0-9A-Fa-f]{2}/;

/**
 * Decodes `%XX` escapes (and `+` as space when `plusIsSpace`), up to `rounds` times so that
 * double-encoded payloads (`%253Cscript`) surface. Invalid escapes and invalid UTF-8 are kept as
 * they are instead of throwing, because malformed encodings are themselves a signal.
 */
export function percentDecode(value: string, plusIsSpace = false, rounds = 2): string {
  let text = plusIsSpace ? value.replaceAll('+', ' ') : value;
  for (let round = 0; round < rounds && HEX.test(text); round++) text = decodeOnce(text);
  return text;
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Some escape is invalid (a lone `%`, a bad UTF-8 sequence): decode the valid sequences only.
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeRun);
  }
}

/**
 * Decodes a run of `%XX` escapes one UTF-8 sequence at a time, keeping the escapes of invalid bytes.
 * Validation follows RFC 3629's table by hand: asking decodeURIComponent and catching its exception
 * per sequence cost a second on a 180 KB line of broken escapes, a cheap way to stall a scan.
 */
function decodeRun(run: string): string {
  const bytes: number[] = [];
  for (let at = 0; at < run.length; at += 3) bytes.push(parseInt(run.slice(at + 1, at + 3), 16));
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      out += run.slice(i * 3, i * 3 + 3);
      i++;
      continue;
    }
    let codePoint = length === 1 ? bytes[i]! : bytes[i]! & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) codePoint = (codePoint << 6) | (bytes[i + k]! & 0x3f);
    out += String.fromCodePoint(codePoint);
    i += length;
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when it is not one (RFC 3629, section 4). */
function sequenceLength(bytes: readonly number[], i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  // Allowed range of the second byte for each lead; later bytes are always 80..BF.
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  if (i + length > bytes.length) return 0;
  const second = bytes[i + 1]!;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k]!;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

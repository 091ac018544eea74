// Percent-decoding for attack matching: payloads arrive encoded once, twice, or broken on purpose.

const ESCAPE = /%[0-9a-f]{2}/i;
const ESCAPES = /%([0-9a-f]{2})/gi;

/**
 * Decodes `%XX` escapes up to twice (`%253C` → `%3C` → `<`), with `+` as a space when
 * `plusIsSpace` (query strings). A sequence that is not valid UTF-8 is decoded byte by byte as
 * Latin-1 instead of throwing: we only match ASCII signatures, and a broken encoding must not
 * hide the rest of the payload.
 */
export function decodeTwice(value: string, plusIsSpace: boolean): string {
  let text = plusIsSpace ? value.replaceAll('+', ' ') : value;
  for (let round = 0; round < 2 && ESCAPE.test(text); round++) text = decodeOnce(text);
  return text;
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(ESCAPES, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

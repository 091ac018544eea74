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

/** Decodes a run of escapes one UTF-8 sequence at a time, keeping the escapes of invalid bytes. */
function decodeRun(run: string): string {
  let out = '';
  for (let at = 0; at < run.length; ) {
    const lead = parseInt(run.slice(at + 1, at + 3), 16);
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    const sequence = run.slice(at, at + 3 * length);
    try {
      out += decodeURIComponent(sequence);
      at += sequence.length;
    } catch {
      out += run.slice(at, at + 3);
      at += 3;
    }
  }
  return out;
}

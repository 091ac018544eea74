// Finds where a quoted field of an Apache-style log ends. Apache 2 escapes `"` inside fields as `\"`;
// Apache 1.3 and many appliances do not, so a closing quote is also recognised by what follows it.

/** True when the quote at `q` is preceded by an odd number of backslashes (not before `from`). */
export function isEscaped(s: string, q: number, from: number): boolean {
  let backslashes = 0;
  for (let i = q - 1; i >= from && s.charCodeAt(i) === 92 /* \ */; i--) backslashes++;
  return (backslashes & 1) === 1;
}

/**
 * Index of the first unescaped `"` in `s[from, end)` that is followed by a space or by `end`
 * (the end of the line or of the last field), or -1. A quote followed by anything else is content.
 */
export function findClosingQuote(s: string, from: number, end: number): number {
  let q = s.indexOf('"', from);
  while (q !== -1 && q < end) {
    const next = q + 1;
    if ((next === end || s.charCodeAt(next) === 32) && (s.charCodeAt(q - 1) !== 92 || !isEscaped(s, q, from))) {
      return q;
    }
    q = s.indexOf('"', next);
  }
  return -1;
}

/**
 * Like findClosingQuote, but the quote must be followed by a space and what `accept` approves at the
 * position after that space (e.g. a status code). When no unescaped quote qualifies, escaped ones are
 * tried too: an unescaping server can log a request that ends in a backslash.
 */
export function findQuoteBefore(s: string, from: number, end: number, accept: (s: string, at: number) => boolean): number {
  for (let pass = 0; pass < 2; pass++) {
    let q = s.indexOf('"', from);
    while (q !== -1 && q < end) {
      if (
        s.charCodeAt(q + 1) === 32 &&
        (pass === 1 || s.charCodeAt(q - 1) !== 92 || !isEscaped(s, q, from)) &&
        accept(s, q + 2)
      ) {
        return q;
      }
      q = s.indexOf('"', q + 1);
    }
  }
  return -1;
}

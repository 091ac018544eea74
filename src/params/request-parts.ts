// Splits a request text (`GET /path?a=1&b=2`, already decoded and masked) into its path and its
// query parameters: the fields whose values the character models judge one by one.

export interface QueryParam {
  name: string;
  value: string;
}

export interface RequestParts {
  method: string;
  path: string;
  params: QueryParam[];
}

/**
 * `;` separates parameters too (Apache's `?C=M;O=A`, matrix-style URLs), but only before another
 * `name=`: in `host=;cat /etc/passwd` it is part of the value, and the payload's character.
 */
const SEPARATOR = /&|;(?=[\w.-]{1,40}=)/;

export function requestParts(text: string): RequestParts {
  const start = text.indexOf(' ') + 1;
  const mark = text.indexOf('?', start);
  const method = text.slice(0, Math.max(0, start - 1));
  if (mark < 0) return { method, path: text.slice(start), params: [] };
  const params: QueryParam[] = [];
  for (const pair of text.slice(mark + 1).split(SEPARATOR)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    params.push(eq < 0 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) });
  }
  return { method, path: text.slice(start, mark), params };
}

// The forms a mix is rewritten into to stand for a site that answers 200 for what it does not have
// (soft-errors.ts, watch-probes.ts --catch-all): every 403 and 404 logged as 200, its size kept
// ("soft 404") or set to the size of the mix's home page ("catch-all page", a single-page app or
// CloudFront serving index.html for every path).

/** The status and size after the request line (Common and Combined Log Format): the first unescaped `" 403 N` or `" 404 N`. */
const ERROR_ANSWER = /(?<!\\)" (?:403|404) (\d+|-)/;
/** A `GET /` answered 200, with its size. */
const HOME_PAGE = /(?<!\\)"GET \/ HTTP\/[\d.]+" 200 (\d+)/;
/** The catch-all size of a mix without a home page in its log: an index.html of a small app. */
export const DEFAULT_CATCH_ALL_BYTES = 1_520;

/** The most frequent size of the mix's 200 answers to `GET /` (DEFAULT_CATCH_ALL_BYTES without one). */
export function homePageBytes(lines: readonly string[]): number {
  const counts = new Map<number, number>();
  for (const line of lines) {
    const size = HOME_PAGE.exec(line)?.[1];
    if (size !== undefined) counts.set(Number(size), (counts.get(Number(size)) ?? 0) + 1);
  }
  let best: [number, number] = [DEFAULT_CATCH_ALL_BYTES, 0];
  for (const entry of counts) if (entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  return best[0];
}

/** `lines` with every 403 and 404 answer turned into 200, its size kept or set to `bytes`; how many lines changed. */
export function soften(lines: readonly string[], bytes: number | undefined): { text: string; rewritten: number } {
  let rewritten = 0;
  const text = lines
    .map((line) => {
      const softened = line.replace(ERROR_ANSWER, (_, size: string) => `" 200 ${bytes ?? size}`);
      if (softened !== line) rewritten++;
      return softened;
    })
    .join('\n');
  return { text, rewritten };
}

// The route of a request text: its path with ids masked (the text is already masked by
// normalize/mask-volatile.ts), without method and query. Requests to one route are one page or one
// endpoint of the site, whatever their parameters.

/** `GET /item/0?id=0` → `/item/0`. */
export function routeOf(text: string): string {
  const start = text.indexOf(' ') + 1;
  const query = text.indexOf('?', start);
  return query < 0 ? text.slice(start) : text.slice(start, query);
}

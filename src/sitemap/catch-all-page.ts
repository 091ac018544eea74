// The page a site serves, with 200, for paths it does not have. A single-page app answers every path
// with its index.html, CloudFront with custom error responses (the usual S3-origin setup) turns the
// origin's 403 and 404 into 200 and one error page. The probe rules tell a scanner's guesses by
// their error answers (clients/client-context.ts); on such a site there are none, and scanners that
// send no payload were mostly missed (bench/quality/soft-errors.md). But that page has one size, and
// a scanner's guesses are paths nobody else asks for: many such paths answered with the very same
// number of bytes are the catch-all page, and an answer of that size to a path that no other client
// reading pages requests is a probe as a 404 there would be (clients/client-context.ts).
//
// Only exact sizes: a soft-404 page that prints the requested path (Apache's own 404 page does) has
// another size for every path length, and is not learned.

import type { LogRecord } from '../types.js';
import type { SiteMap } from './site-map.js';

/**
 * The size that tells one page from another: the body's length where the log has it (CloudFront's
 * `sc-content-len`), else the bytes sent (`%b`, `sc-bytes`, ALB's `sent_bytes`); 0 when unknown.
 * CloudFront's `sc-bytes` counts the headers too, and an `Age` or `X-Cache` header of another length
 * would split one page into several sizes.
 */
export function answerSize(record: Pick<LogRecord, 'bytes' | 'extras'>): number {
  const contentLength = record.extras?.['contentLength'];
  if (contentLength !== undefined && /^\d{1,15}$/.test(contentLength)) return Number(contentLength);
  return record.bytes ?? 0;
}

/**
 * Distinct routes, each requested by one client only, answered 200 with the same size, that make that
 * size the catch-all page's. On the real public logs here no more than 9 such routes share a size of
 * a 200 answer: 3 on the clean ones (elastic-apache-logs has 569 such routes), 2 on the honeypot's,
 * 9 on the w3af scanner's log. With their 404 answers logged as 200, elastic's own 404 page (7,861
 * bytes) stands for 17.
 */
export const MIN_CATCH_ALL_ROUTES = 10;

/** A size learned as the catch-all page's, with the single-client routes it answered. */
export interface CatchAllPage {
  bytes: number;
  routes: number;
}

export interface CatchAllRows {
  readonly size: number;
  textId(i: number): number;
  status(i: number): number;
  /** Response size, 0 when not logged. */
  bytes(i: number): number;
  browserRequest(i: number): boolean;
}

/** The sizes of the site's catch-all page, most routes first (ties: smaller size first); none on most sites. */
export function learnCatchAllPages(rows: CatchAllRows, site: Pick<SiteMap, 'routeOfText' | 'routeClients'>, minRoutes = MIN_CATCH_ALL_ROUTES): CatchAllPage[] {
  // Distinct routes per size, exactly: a route one client polls, answered with two sizes in turn, is
  // still one route of each (a count per change of size would make one route a catch-all page).
  const routesBySize = new Map<number, Set<number>>();
  for (let i = 0; i < rows.size; i++) {
    if (rows.status(i) !== 200 || rows.browserRequest(i)) continue;
    const bytes = rows.bytes(i);
    if (bytes === 0) continue;
    const route = site.routeOfText[rows.textId(i)]!;
    if (site.routeClients.count(route) !== 1) continue;
    let routes = routesBySize.get(bytes);
    if (routes === undefined) routesBySize.set(bytes, (routes = new Set()));
    routes.add(route);
  }
  return [...routesBySize]
    .filter(([, routes]) => routes.size >= minRoutes)
    .map(([bytes, routes]) => ({ bytes, routes: routes.size }))
    .sort((a, b) => b.routes - a.routes || a.bytes - b.bytes);
}

/** Whether record `i` was answered with a catch-all page: 200 and one of `pages`' sizes. */
export function catchAllAnswers(rows: Pick<CatchAllRows, 'status' | 'bytes'>, pages: readonly CatchAllPage[]): (i: number) => boolean {
  if (pages.length === 0) return () => false;
  const sizes = new Set(pages.map((page) => page.bytes));
  return (i) => rows.status(i) === 200 && sizes.has(rows.bytes(i));
}

/** The scan's note on what it learned (`semlog watch` says it too), or undefined when the site has no catch-all page. */
export function catchAllWarning(pages: readonly CatchAllPage[]): string | undefined {
  if (pages.length === 0) return undefined;
  const sizes = pages.map((page) => `${page.bytes} bytes (${page.routes} paths)`).join(', ');
  return (
    `the site answers 200 with one page for many paths that one client each asks for: ${sizes}; ` +
    'semlog takes such an answer, to a path that no other client reading pages requests, as a "not found" (a probe)'
  );
}

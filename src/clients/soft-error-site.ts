// A log in which no request was answered 403 or 404. Every public site gets requests for pages it does
// not have (on the real public logs here, 0.7 % of the requests, basjes, to 58 %, secrepo 2018, were
// answered 403 or 404), so none at all usually means the site answers 200 instead: a single-page app
// serving its index.html for every path, CloudFront with custom error responses, a CMS's "soft 404"
// page. The probe rules tell a scanner's
// guesses by their error answers (clients/client-context.ts), and without them scanners that send no
// attack payload are mostly missed (bench/quality/soft-errors.md: held-out scanner recall 0.84-1.00
// fell to 0.07-0.87 with every 403 and 404 logged as 200). Where that 200 answer is one page of one
// size, sitemap/catch-all-page.ts learns it and takes it as "not found"; a soft-404 page that prints
// the path has no one size. The scan says so rather than look clean.

/** Below this many requests with a status, a log without a 403 or 404 is no evidence. */
export const SOFT_ERROR_MIN_REQUESTS = 1_000;

/** Counts a scan makes of its records' statuses. */
export interface StatusCounts {
  /** Records whose format logs a status. */
  withStatus: number;
  /** Of them, answered 403 or 404. */
  missing: number;
}

/** Whether `status` says the page is missing or refused: what a probe usually gets. */
export function isMissingPage(status: number): boolean {
  return status === 403 || status === 404;
}

/** The warning for a log of at least SOFT_ERROR_MIN_REQUESTS requests with a status and not one 403 or 404, or undefined. */
export function softErrorWarning(counts: StatusCounts): string | undefined {
  if (counts.withStatus < SOFT_ERROR_MIN_REQUESTS || counts.missing > 0) return undefined;
  return (
    `none of the ${counts.withStatus} requests was answered 403 or 404: if the site answers 200 for paths it does not have ` +
    '(a single-page app, CloudFront custom error responses, a soft-404 page), probes are told only where that answer ' +
    'has one size (the scan then names it), and scanners that send no attack payload may be missed'
  );
}

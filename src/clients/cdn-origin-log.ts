// A log written behind CloudFront: an ALB or an nginx/Apache origin that CloudFront forwards to. Its
// client addresses are then CloudFront's edge servers, many of them, so the proxy warning (a few
// addresses sending nearly everything, proxied-log.ts) does not fire; yet every per-client signal
// judges edges, each carrying a share of everyone's requests. CloudFront tells itself by the
// User-Agent it sends to the origin, "Amazon CloudFront", unless the origin request policy forwards the
// viewer's; an ALB log cannot hold the viewer's address at all (it logs no X-Forwarded-For). The scan
// says so, with where the visitors' addresses are.

/** The User-Agent CloudFront sends to an origin that does not get the viewer's. */
export const CLOUDFRONT_AGENT = 'Amazon CloudFront';
/** Below this many requests a share says little. */
export const CDN_ORIGIN_MIN_REQUESTS = 1_000;
/** The share of requests with CloudFront's user agent that makes the log an origin's. */
export const CDN_ORIGIN_SHARE = 0.5;

/** Whether `userAgent` is the one CloudFront sends to origins. */
export function isCloudFrontAgent(userAgent: string): boolean {
  return userAgent === CLOUDFRONT_AGENT;
}

/**
 * The warning for a log of at least CDN_ORIGIN_MIN_REQUESTS requests of which CDN_ORIGIN_SHARE or more
 * came with CloudFront's user agent, or undefined. `fromCloudFront`: those requests, counted record by
 * record (scan's ingest, watch's input warnings); `addresses`: the distinct client addresses they came
 * from (`watch` counts the first 10,000).
 */
export function cdnOriginWarning(counts: { requests: number; fromCloudFront: number; addresses: number }): string | undefined {
  const { requests, fromCloudFront, addresses } = counts;
  if (requests < CDN_ORIGIN_MIN_REQUESTS || fromCloudFront < CDN_ORIGIN_SHARE * requests) return undefined;
  const percent = Math.round((100 * fromCloudFront) / requests);
  return (
    `${fromCloudFront} of the ${requests} requests (${percent} %) came with the user agent "${CLOUDFRONT_AGENT}", from ${addresses} addresses: ` +
    "the log is an origin's behind CloudFront, and its addresses are CloudFront's edge servers, not the visitors, so per-client " +
    "detection judges edges; scan CloudFront's own logs, which hold the visitor's address, or have the origin log " +
    "X-Forwarded-For (an ALB cannot) and read the visitor from it with --trusted-proxy for CloudFront's origin-facing address ranges"
  );
}

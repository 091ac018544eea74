// Files a crawler asks every site for, whether the site has them or not: robots.txt (RFC 9309), the
// ad-seller lists that ad networks' crawlers fetch (IAB's ads.txt, app-ads.txt, sellers.json; Google's
// crawler asks secrepo, which has none, for /ads.txt) and the sitemap a crawler guesses when robots.txt
// names none. A 404 there is no probe of the site: a known crawler that meets it is not faking
// (client-rank.ts). The icons a crawler fetches are browser requests (browser-requests.ts). Left out:
// `/.well-known/` guesses (security.txt, openid-configuration) and /humans.txt, which scanners ask for
// and the crawlers of known-agents.ts do not.

const CRAWLER_REQUEST = /^\/(?:robots\.txt|ads\.txt|app-ads\.txt|sellers\.json|sitemap[\w-]{0,32}\.xml(?:\.gz)?)$/i;

/** Whether a route (a path without its query) is a file crawlers ask every site for. */
export function isCrawlerRequest(route: string): boolean {
  return route.length <= 64 && CRAWLER_REQUEST.test(route);
}

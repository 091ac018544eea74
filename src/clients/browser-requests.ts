// Paths a browser or phone asks for on its own, whether the site has them or not: the tab icon, the
// icons iOS and Android fetch when a page is bookmarked or shared (`/apple-touch-icon-120x120-
// precomposed.png` and its variants, asked again at every visit), Windows' tile config, iOS's app-link
// file and Chrome's prefetch proxy's traffic advice. A reader whose phone gets six 404s for missing
// icons is not probing the site: on almhuette-raith's day an iPhone reader (30 of its 33 requests were
// such icons) ranked second among the clients, as hostile, above real scanners. Scanners' own
// `/.well-known/` guesses (security.txt, openid-configuration, …) are not on this list.

const BROWSER_REQUEST =
  /^\/(?:favicon\.ico|apple-touch-icon(?:-\d+x\d+)?(?:-precomposed)?\.png|browserconfig\.xml|(?:\.well-known\/)?apple-app-site-association|\.well-known\/traffic-advice)$/i;

/** Whether a request's path (without its query) is one that browsers send by themselves. */
export function isBrowserRequest(path: string): boolean {
  return path.length <= 64 && BROWSER_REQUEST.test(path);
}

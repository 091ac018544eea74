// Error text from fetch or another library may quote the URL it was given, and a webhook URL is a
// secret (its path is the token, and a user:password would be one too): only its origin is shown.

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** Punctuation that ends a sentence or a parenthesis around the URL rather than the URL. */
const TRAILING = /[.,;:!?)\]]+$/;

/** `text` with each URL in it cut to scheme, host and port: no user, password, path, query or fragment. */
export function scrubUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    const tail = TRAILING.exec(match)?.[0] ?? '';
    const url = match.slice(0, match.length - tail.length);
    try {
      const { protocol, host } = new URL(url);
      return `${protocol}//${host}${tail}`;
    } catch {
      return `${url.slice(0, url.indexOf('://') + 3)}…${tail}`;
    }
  });
}

// Forms a client posted within a second of loading them. A person reads a form and types before
// sending it; a bot that signs up, logs in or posts a comment sends the POST right after the GET of
// the same page (basjes' sign-up abusers: `GET /join_form`, `POST /join_form` in the same second,
// every time; almhuette's contact-form spammers). client-rank.ts calls a client that does this for
// most of its POSTs a `form-bot`.

/**
 * A POST counts as instant when it follows the client's GET of the same path by at most this much.
 * Common and combined logs keep whole seconds, so a logged 1 s is a real gap under 2 s: still less
 * than a person needs to read and fill a form.
 */
export const INSTANT_POST_MS = 1_000;

export class FormPosts {
  #getPathHash = 0;
  #getMs: number | null = null;
  /** POST requests in all. */
  posts = 0;
  /** POSTs that followed the GET of their own path within INSTANT_POST_MS. */
  instant = 0;
  /** The URI of the first instant POST ('' before one). */
  firstInstantUri = '';

  /**
   * Adds a client's next request in log order: a GET remembers its path and time, a POST right after
   * the GET of the same path is instant. Only the last GET is kept: a bot posts the form it just
   * fetched, and a browser that loads the page's assets in between is not instant anyway. Untimed
   * records count as POSTs but are never instant. Returns whether this request is an instant POST.
   */
  add(method: string, pathHash: number, uri: string, timeMs: number | null): boolean {
    if (method === 'GET') {
      this.#getPathHash = pathHash;
      this.#getMs = timeMs;
    } else if (method === 'POST') {
      this.posts++;
      if (timeMs === null || this.#getMs === null || pathHash !== this.#getPathHash) return false;
      const gap = timeMs - this.#getMs;
      if (gap < 0 || gap > INSTANT_POST_MS) return false;
      this.instant++;
      if (this.firstInstantUri === '') this.firstInstantUri = uri;
      return true;
    }
    return false;
  }
}

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

/** Mergeable FormPosts as data (JSON-safe): the leading POSTs as [path hash, URI, time]. */
export interface FormPostsState {
  getPathHash: number;
  getMs: number | null;
  sawGet: boolean;
  headPosts: Array<[pathHash: number, uri: string, timeMs: number]>;
  posts: number;
  instant: number;
  firstInstantUri: string;
}

export class FormPosts {
  #getPathHash = 0;
  #getMs: number | null = null;
  /** Whether a GET came yet: the POSTs before the first one depend on the part of the log before. */
  #sawGet = false;
  /**
   * Only in mergeable form posts (a part of the log that a later merge joins to the part before it):
   * the timed POSTs before the first GET, which the last GET of the part before may make instant.
   * Undefined when not mergeable; one entry per such POST, bounded by the part.
   */
  #headPosts: Array<{ pathHash: number; uri: string; timeMs: number }> | undefined;
  /** POST requests in all. */
  posts = 0;
  /** POSTs that followed the GET of their own path within INSTANT_POST_MS. */
  instant = 0;
  /** The URI of the first instant POST ('' before one). */
  firstInstantUri = '';

  /** `mergeable`: keep what merge() needs to join this part to the one before it. */
  constructor(mergeable = false) {
    if (mergeable) this.#headPosts = [];
  }

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
      this.#sawGet = true;
    } else if (method === 'POST') {
      this.posts++;
      if (!this.#sawGet && timeMs !== null) this.#headPosts?.push({ pathHash, uri, timeMs });
      if (!this.#isInstant(pathHash, timeMs)) return false;
      this.instant++;
      if (this.firstInstantUri === '') this.firstInstantUri = uri;
      return true;
    }
    return false;
  }

  /**
   * Joins `next`, the same client's form posts over the part of the log right after this one (both
   * mergeable): the result is exactly that of one pass over both parts. The next part's POSTs before
   * its first GET are judged again against this part's last GET; the rest were judged the same there.
   * Merge parts in log order; grouping does not matter. (Which records were instant is not kept: a
   * merge gives the counts and the first URI, as the features need.)
   */
  merge(next: FormPosts): void {
    const head = this.#headPosts;
    if (head === undefined || next.#headPosts === undefined) throw new TypeError('only mergeable form posts merge (new FormPosts(true))');
    let firstHeadInstant = '';
    let headInstant = 0;
    for (const post of next.#headPosts) {
      if (!this.#isInstant(post.pathHash, post.timeMs)) continue;
      headInstant++;
      if (firstHeadInstant === '') firstHeadInstant = post.uri;
    }
    if (this.firstInstantUri === '') this.firstInstantUri = firstHeadInstant || next.firstInstantUri;
    this.posts += next.posts;
    this.instant += headInstant + next.instant;
    // Before any GET of both parts, the next part's leading POSTs still wait for a part before this one.
    if (!this.#sawGet) for (const post of next.#headPosts) head.push(post);
    if (next.#sawGet) {
      this.#getPathHash = next.#getPathHash;
      this.#getMs = next.#getMs;
      this.#sawGet = true;
    }
  }

  /** What mergeable form posts hold, for another process to restore and merge (fromState). */
  state(): FormPostsState {
    if (this.#headPosts === undefined) throw new TypeError('only mergeable form posts have a state to ship (new FormPosts(true))');
    return {
      getPathHash: this.#getPathHash, getMs: this.#getMs, sawGet: this.#sawGet,
      headPosts: this.#headPosts.map((post): [number, string, number] => [post.pathHash, post.uri, post.timeMs]),
      posts: this.posts, instant: this.instant, firstInstantUri: this.firstInstantUri,
    };
  }

  /** The mergeable form posts state() described; throws RangeError on a state none can be in. */
  static fromState(state: FormPostsState): FormPosts {
    const valid =
      Number.isInteger(state.getPathHash) && (state.getMs === null || Number.isFinite(state.getMs)) && typeof state.sawGet === 'boolean' &&
      Number.isInteger(state.posts) && Number.isInteger(state.instant) && state.instant >= 0 && state.instant <= state.posts &&
      typeof state.firstInstantUri === 'string' && (state.instant > 0 || state.firstInstantUri === '') &&
      Array.isArray(state.headPosts) && state.headPosts.length <= state.posts &&
      state.headPosts.every((post) => Array.isArray(post) && Number.isInteger(post[0]) && typeof post[1] === 'string' && Number.isFinite(post[2]));
    if (!valid) throw new RangeError('not a form-posts state: counts, times or URIs out of range');
    const forms = new FormPosts(true);
    forms.#getPathHash = state.getPathHash;
    forms.#getMs = state.getMs;
    forms.#sawGet = state.sawGet;
    forms.#headPosts = state.headPosts.map(([pathHash, uri, timeMs]) => ({ pathHash, uri, timeMs }));
    forms.posts = state.posts;
    forms.instant = state.instant;
    forms.firstInstantUri = state.firstInstantUri;
    return forms;
  }

  /**
   * The instant POSTs as judged again with the client's records in time order (posts-in-time-order.ts),
   * when the log gave them out of order: several servers' logs read one after the other.
   */
  rejudge(instant: number, firstInstantUri: string): void {
    if (!(Number.isInteger(instant) && instant >= 0 && instant <= this.posts)) throw new RangeError(`instant POSTs ${instant} out of range 0-${this.posts}`);
    this.instant = instant;
    this.firstInstantUri = instant > 0 ? firstInstantUri : '';
  }

  #isInstant(pathHash: number, timeMs: number | null): boolean {
    if (timeMs === null || this.#getMs === null || pathHash !== this.#getPathHash) return false;
    const gap = timeMs - this.#getMs;
    return gap >= 0 && gap <= INSTANT_POST_MS;
  }
}

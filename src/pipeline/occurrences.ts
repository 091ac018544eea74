// Where every distinct text occurred: one compact row per log record (text, file, line, client, tags,
// status, time, response size),
// so that verdicts on distinct texts map back to every raw line without keeping the lines.

import { doubled } from '../doubled.js';
import { Interner } from '../interner.js';

const BROWSER_REQUEST = 1;
const INSTANT_POST = 2;
/** The largest response size a row keeps. */
const MAX_BYTES = 0xffff_ffff;

export class Occurrences {
  #size = 0;
  #text = new Uint32Array(4096);
  #file = new Uint32Array(4096);
  #line = new Uint32Array(4096);
  #ip = new Uint32Array(4096);
  #tags = new Uint16Array(4096);
  #status = new Uint16Array(4096);
  #headers = new Uint8Array(4096);
  #headerTags = new Uint16Array(4096);
  #requestTags = new Uint16Array(4096);
  #timeMs = new Float64Array(4096);
  #waf = new Int32Array(4096);
  #bytes = new Uint32Array(4096);
  /** BROWSER_REQUEST and INSTANT_POST bits. */
  #flags = new Uint8Array(4096);

  /**
   * `status` is the HTTP status, 0 when the format logs none; `headers` the HEADER_BITS of the headers
   * that carry an attack, `headerTags` the tag mask of those attacks; `timeMs` NaN when not logged;
   * `wafVerdict` the id of the WAF's action and rule (IngestState.wafVerdicts), -1 for none;
   * `requestTags` the tag mask of the request line alone (`tagMask` holds the headers' too, and a tag
   * that both carry cannot be told apart there; pipeline/request-memo.ts); `browserRequest` whether
   * browsers send the request by themselves (clients/browser-requests.ts); `instantPost` whether it
   * is a POST sent within a second of its client's GET of the same page (features/form-posts.ts);
   * `bytes` the answer's size (sitemap/catch-all-page.ts answerSize), 0 when not logged (a size of
   * 4 GiB or more is kept as 4 GiB - 1).
   */
  add(
    textId: number,
    fileId: number,
    line: number,
    ipId: number,
    tagMask: number,
    status = 0,
    headers = 0,
    headerTags = 0,
    timeMs = NaN,
    wafVerdict = -1,
    requestTags = tagMask & ~headerTags,
    browserRequest = false,
    instantPost = false,
    bytes = 0,
  ): void {
    if (this.#size === this.#text.length) this.#grow();
    const i = this.#size++;
    this.#text[i] = textId;
    this.#file[i] = fileId;
    this.#line[i] = line;
    this.#ip[i] = ipId;
    this.#tags[i] = tagMask;
    this.#status[i] = status;
    this.#headers[i] = headers;
    this.#headerTags[i] = headerTags;
    this.#requestTags[i] = requestTags;
    this.#timeMs[i] = timeMs;
    this.#waf[i] = wafVerdict;
    this.#bytes[i] = Math.min(bytes, MAX_BYTES);
    this.#flags[i] = (browserRequest ? BROWSER_REQUEST : 0) | (instantPost ? INSTANT_POST : 0);
  }

  get size(): number {
    return this.#size;
  }

  textId(i: number): number {
    return this.#text[i]!;
  }
  fileId(i: number): number {
    return this.#file[i]!;
  }
  line(i: number): number {
    return this.#line[i]!;
  }
  ipId(i: number): number {
    return this.#ip[i]!;
  }
  tagMask(i: number): number {
    return this.#tags[i]!;
  }
  /** HTTP status of the record, 0 when not logged. */
  status(i: number): number {
    return this.#status[i]!;
  }
  /** HEADER_BITS of the headers (User-Agent, Referer) that carry an attack; 0 for none. */
  headers(i: number): number {
    return this.#headers[i]!;
  }
  /** Tag mask of the attacks in those headers. */
  headerTags(i: number): number {
    return this.#headerTags[i]!;
  }

  /**
   * Tag mask of the request line's own attacks: campaigns tell a request's payload from the same
   * payload repeated in its Referer (campaigns/client-profiles.ts).
   */
  requestTags(i: number): number {
    return this.#requestTags[i]!;
  }

  /** Request time in epoch milliseconds, NaN when the format logs none (campaigns' time spans). */
  timeMs(i: number): number {
    return this.#timeMs[i]!;
  }

  /** The id of the WAF's action and terminating rule for the record, -1 when the log has none. */
  wafVerdict(i: number): number {
    return this.#waf[i]!;
  }

  /** The answer's size in bytes, 0 when not logged (sitemap/catch-all-page.ts answerSize). */
  bytes(i: number): number {
    return this.#bytes[i]!;
  }

  /** Whether browsers send the record's request by themselves (a favicon, a touch icon): never a probe. */
  browserRequest(i: number): boolean {
    return (this.#flags[i]! & BROWSER_REQUEST) !== 0;
  }

  /** Whether the record is a POST sent within a second of its client's GET of the same page (form-posts.ts). */
  instantPost(i: number): boolean {
    return (this.#flags[i]! & INSTANT_POST) !== 0;
  }

  /** Judges record `i`'s POST again, once its client's records are seen in time order (features/posts-in-time-order.ts). */
  setInstantPost(i: number, instant: boolean): void {
    this.#flags[i] = instant ? this.#flags[i]! | INSTANT_POST : this.#flags[i]! & ~INSTANT_POST;
  }

  #grow(): void {
    this.#text = doubled(this.#text);
    this.#file = doubled(this.#file);
    this.#line = doubled(this.#line);
    this.#ip = doubled(this.#ip);
    this.#tags = doubled(this.#tags);
    this.#status = doubled(this.#status);
    this.#headers = doubled(this.#headers);
    this.#headerTags = doubled(this.#headerTags);
    this.#requestTags = doubled(this.#requestTags);
    this.#timeMs = doubled(this.#timeMs);
    this.#waf = doubled(this.#waf);
    this.#bytes = doubled(this.#bytes);
    this.#flags = doubled(this.#flags);
  }
}

/** Tags as a bit mask (at most 16 distinct tags), interned in first-seen order. */
export class TagMasks {
  readonly #tags = new Interner();

  mask(tags: readonly string[]): number {
    let mask = 0;
    for (const tag of tags) {
      const bit = this.#tags.id(tag);
      if (bit < 16) mask |= 1 << bit;
    }
    return mask;
  }

  tags(mask: number): string[] {
    return this.#tags.values.filter((_, bit) => (mask & (1 << bit)) !== 0);
  }
}

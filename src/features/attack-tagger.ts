// attackTags() with memory: logs repeat the same request and user agent many times, so the tags of a
// (path, query, user agent) triple are computed once. Referer and cookie are only read by patterns
// that need a literal `${` (Log4Shell), so records without one share the cached answer.

import type { LogRecord } from '../types.js';
import { attackTags } from './attack-tags.js';

/** Entries kept before the cache starts over: bounds memory on logs of endless distinct requests. */
const MAX_ENTRIES = 100_000;

export class AttackTagger {
  readonly #cache = new Map<string, string[]>();

  tag(record: LogRecord): string[] {
    if (record.referer.includes('${') || record.cookie.includes('${')) return attackTags(record);
    const key = `${record.path}\u0000${record.query}\u0000${record.userAgent}`;
    let tags = this.#cache.get(key);
    if (tags === undefined) {
      if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
      tags = attackTags(record);
      this.#cache.set(key, tags);
    }
    return tags;
  }
}

// One RequestProfile per distinct request (URI and user agent), shared by every request of the
// rolling client window that has it: traffic repeats the same requests, so the window then holds a
// pointer per request instead of its own hashes and strings. At most `maxProfiles` are kept (the
// least recently used are forgotten; a forgotten one is computed again when it comes back).

import type { RequestProfile } from '../features/request-profile.js';
import { requestProfile } from '../features/request-profile.js';
import type { LogRecord } from '../types.js';
import { RecencyMap } from './recency-map.js';

export class ProfileMemo {
  readonly #profiles: RecencyMap<string, RequestProfile>;

  constructor(maxProfiles: number) {
    this.#profiles = new RecencyMap(maxProfiles);
  }

  /** `tags` are the record's attack tags (part of the key: a Referer or Cookie can add some). */
  of(record: LogRecord, tags: readonly string[]): RequestProfile {
    const key = `${record.path}?${record.query}\n${record.userAgent}\n${tags.join(' ')}`;
    const profile = this.#profiles.peek(key) ?? requestProfile(record, tags);
    this.#profiles.set(key, profile);
    return profile;
  }

  get size(): number {
    return this.#profiles.size;
  }
}

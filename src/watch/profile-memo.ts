// One RequestProfile per distinct request (URI and user agent), shared by every request of the
// rolling client window that has it: traffic repeats the same requests, so the window then holds a
// pointer per request instead of its own hashes and strings. At most `maxProfiles` are kept (the
// least recently used are forgotten; a forgotten one is computed again when it comes back).

import type { RequestProfile } from '../features/request-profile.js';
import { requestProfile } from '../features/request-profile.js';
import type { LogRecord } from '../types.js';

export class ProfileMemo {
  readonly #profiles = new Map<string, RequestProfile>();
  readonly #max: number;

  constructor(maxProfiles: number) {
    this.#max = maxProfiles;
  }

  /** `tags` are the record's attack tags (part of the key: a Referer or Cookie can add some). */
  of(record: LogRecord, tags: readonly string[]): RequestProfile {
    const key = `${record.path}?${record.query}\n${record.userAgent}\n${tags.join(' ')}`;
    let profile = this.#profiles.get(key);
    if (profile === undefined) profile = requestProfile(record, tags);
    else this.#profiles.delete(key);
    this.#profiles.set(key, profile);
    if (this.#profiles.size > this.#max) this.#profiles.delete(this.#profiles.keys().next().value!);
    return profile;
  }

  get size(): number {
    return this.#profiles.size;
  }
}

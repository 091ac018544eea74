// Everything the pipeline derives from a request alone (method, path, query, user agent): the text
// that is embedded, the attack tags (of the User-Agent too) and the per-IP request profile. Logs
// repeat the same request from many clients, so this is computed once per distinct request; on a
// rescan served from the embedding cache, masking, decoding and tagging every line were most of the
// time left.

import { isBrowserRequest } from '../clients/browser-requests.js';
import { HEADER_PAYLOAD_MARKERS } from '../features/attack-patterns.js';
import { attackTags } from '../features/attack-tags.js';
import { headerAttackTags } from '../features/header-attacks.js';
import { requestProfile, type RequestProfile } from '../features/request-profile.js';
import { requestText } from '../normalize/request-text.js';
import type { TextTable } from '../normalize/text-table.js';
import type { LogRecord } from '../types.js';
import type { TagMasks } from './occurrences.js';

export interface RequestFacts {
  /** Id of the request's text in the TextTable (interned, not counted). */
  textId: number;
  /** The attack tags as a TagMasks bit mask. */
  tagMask: number;
  profile: RequestProfile;
  /** Attacks in the User-Agent (features/header-attacks.ts): the user agent is part of the key. */
  agentTags: string[];
  /** The tag mask of the request line alone, once `requestTags` has worked it out. */
  requestMask?: number;
  /** Whether browsers send this request by themselves (clients/browser-requests.ts): no probe, whatever it gets. */
  browserRequest: boolean;
}

/**
 * Distinct requests remembered before the memo starts over: bounds memory on logs of endless
 * distinct requests (a key and its profile are a few hundred bytes).
 */
const MAX_ENTRIES = 100_000;

export class RequestMemo {
  readonly #table: TextTable;
  readonly #tagMasks: TagMasks;
  /**
   * By user agent, then by request: a GET without a query by its path, any other request by method,
   * path and query joined. Keyed so, most lookups hash strings the parser already made; one key
   * joining all four was a new string of some 150 characters per record, hashed and then dropped.
   */
  readonly #memo = new Map<string, { gets: Map<string, RequestFacts>; others: Map<string, RequestFacts> }>();
  #entries = 0;

  constructor(table: TextTable, tagMasks: TagMasks) {
    this.#table = table;
    this.#tagMasks = tagMasks;
  }

  facts(record: LogRecord): RequestFacts {
    // Referer and cookie are read only by patterns that need a literal marker (`${` of Log4Shell, `()`
    // of Shellshock): a record carrying one gets its own answer, all others share the one of their request.
    if (mayCarryPayload(record.referer) || mayCarryPayload(record.cookie)) return this.#derive(record);
    let byRequest = this.#memo.get(record.userAgent);
    if (byRequest === undefined) {
      byRequest = { gets: new Map(), others: new Map() };
      this.#memo.set(record.userAgent, byRequest);
    }
    const plainGet = record.method === 'GET' && record.query === '';
    const map = plainGet ? byRequest.gets : byRequest.others;
    const key = plainGet ? record.path : `${record.method}\u0000${record.path}\u0000${record.query}`;
    let facts = map.get(key);
    if (facts === undefined) {
      if (this.#entries >= MAX_ENTRIES) {
        this.#memo.clear();
        this.#entries = 0;
        return this.facts(record);
      }
      facts = this.#derive(record);
      map.set(key, facts);
      this.#entries++;
    }
    return facts;
  }

  /**
   * The tag mask of the request line alone (method, path, query): `tagMask` holds what the User-Agent
   * and Referer show too, so a payload that a Referer repeats cannot be told from the request's own
   * there. Worked out once per distinct request, and asked only for records whose headers carry an attack.
   */
  requestTags(record: LogRecord, facts: RequestFacts): number {
    return (facts.requestMask ??= this.#tagMasks.mask(attackTags({ ...record, userAgent: '', referer: '', cookie: '' })));
  }

  #derive(record: LogRecord): RequestFacts {
    const tags = attackTags(record);
    return {
      textId: this.#table.intern(requestText(record)),
      tagMask: this.#tagMasks.mask(tags),
      profile: requestProfile(record, tags),
      agentTags: headerAttackTags('userAgent', record.userAgent),
      browserRequest: isBrowserRequest(record.path),
    };
  }
}

/** Whether an `everywhere` attack pattern could match `header` (attack-patterns.ts HEADER_PAYLOAD_MARKERS). */
function mayCarryPayload(header: string): boolean {
  if (header === '') return false;
  for (const marker of HEADER_PAYLOAD_MARKERS) if (header.includes(marker)) return true;
  return false;
}

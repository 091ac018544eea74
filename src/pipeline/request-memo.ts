// Everything the pipeline derives from a request alone (method, path, query, user agent): the text
// that is embedded, the attack tags (of the User-Agent too) and the per-IP request profile. Logs
// repeat the same request from many clients, so this is computed once per distinct request; on a
// rescan served from the embedding cache, masking, decoding and tagging every line were most of the
// time left.

import { isBrowserRequest } from '../clients/browser-requests.js';
import { agentPatternBits, attackTags, headerPatternBits, mayCarryHeaderPayload, tagsOfPatterns, targetPatternBits } from '../features/attack-tags.js';
import { headerAttackTags } from '../features/header-attacks.js';
import { agentProfile, joinProfile, targetProfile, type AgentProfile, type RequestProfile, type TargetProfile } from '../features/request-profile.js';
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

/** What a request target (method, path, query) gives, whatever user agent sends it. */
interface RequestPart {
  textId: number;
  /** ATTACK_PATTERNS that match the target (attack-tags.ts targetPatternBits). */
  bits: number;
  target: TargetProfile;
  browserRequest: boolean;
}

/** What a user agent gives, whatever it asks for; and the facts of the requests it sent. */
interface AgentPart {
  /** ATTACK_PATTERNS that match the user agent (attack-tags.ts agentPatternBits). */
  bits: number;
  agentTags: string[];
  profile: AgentProfile;
  /** Facts by request: a GET without a query by its path, any other request by method, path and query joined. */
  gets: Map<string, RequestFacts>;
  others: Map<string, RequestFacts>;
}

export class RequestMemo {
  readonly #table: TextTable;
  readonly #tagMasks: TagMasks;
  /**
   * Facts by user agent, then by request. Keyed so, most lookups hash strings the parser already
   * made; one key joining all four was a new string of some 150 characters per record, hashed and
   * then dropped. The facts of a new pair join a user agent's part with a request's part, each
   * worked out once: a log's pairs are many more than its user agents, and more than its requests.
   */
  readonly #agents = new Map<string, AgentPart>();
  readonly #requests = { gets: new Map<string, RequestPart>(), others: new Map<string, RequestPart>() };
  #entries = 0;

  constructor(table: TextTable, tagMasks: TagMasks) {
    this.#table = table;
    this.#tagMasks = tagMasks;
  }

  facts(record: LogRecord): RequestFacts {
    // Referer and cookie are read only by patterns that need a literal marker (`${` of Log4Shell, `()`
    // of Shellshock): a record carrying one gets its own answer, all others share the one of their request.
    if (mayCarryHeaderPayload(record.referer) || mayCarryHeaderPayload(record.cookie)) return this.#derive(record);
    let agent = this.#agents.get(record.userAgent);
    if (agent === undefined) {
      agent = this.#agentPart(record.userAgent);
      this.#agents.set(record.userAgent, agent);
    }
    const plainGet = record.method === 'GET' && record.query === '';
    const pairs = plainGet ? agent.gets : agent.others;
    const key = plainGet ? record.path : `${record.method}\u0000${record.path}\u0000${record.query}`;
    let facts = pairs.get(key);
    if (facts === undefined) {
      if (this.#entries >= MAX_ENTRIES) {
        this.#agents.clear();
        this.#requests.gets.clear();
        this.#requests.others.clear();
        this.#entries = 0;
        return this.facts(record);
      }
      const requests = plainGet ? this.#requests.gets : this.#requests.others;
      let request = requests.get(key);
      if (request === undefined) {
        request = this.#requestPart(record);
        requests.set(key, request);
      }
      facts = this.#join(request, agent, 0);
      pairs.set(key, facts);
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

  /** The facts of a record whose headers may carry a payload: its own, remembered for no other. */
  #derive(record: LogRecord): RequestFacts {
    const request = this.#requestPart(record);
    const agent = this.#agentPart(record.userAgent);
    return this.#join(request, agent, headerPatternBits(record, request.bits | agent.bits));
  }

  #requestPart(record: LogRecord): RequestPart {
    return {
      textId: this.#table.intern(requestText(record)),
      bits: targetPatternBits(record),
      target: targetProfile(record),
      browserRequest: isBrowserRequest(record.path),
    };
  }

  #agentPart(userAgent: string): AgentPart {
    return {
      bits: agentPatternBits(userAgent),
      agentTags: headerAttackTags('userAgent', userAgent),
      profile: agentProfile(userAgent),
      gets: new Map(),
      others: new Map(),
    };
  }

  /** The facts of a request sent with a user agent: attackTags() of the record is the union of the parts' patterns. */
  #join(request: RequestPart, agent: AgentPart, headerBits: number): RequestFacts {
    const tags = tagsOfPatterns(request.bits | agent.bits | headerBits);
    return {
      textId: request.textId,
      tagMask: this.#tagMasks.mask(tags),
      profile: joinProfile(request.target, agent.profile, tags),
      agentTags: agent.agentTags,
      browserRequest: request.browserRequest,
    };
  }
}

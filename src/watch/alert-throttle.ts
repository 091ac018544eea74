// One alert per client or campaign per cooldown: the first finding of a key is sent and opens its
// cooldown; the key's later findings are counted, not sent. When the cooldown ends, what it held back
// goes out as one summary, which opens the next cooldown (an attack that goes on yields one message
// per cooldown); a cooldown that held nothing back just ends. Time is passed in: the caller's clock.

import type { SuppressedFindings } from '../alert/alert-payload.js';

/** Distinct client addresses counted per cooldown: enough to tell one client from a botnet. */
const MAX_CLIENTS_COUNTED = 1000;

interface Cooldown {
  sinceMs: number;
  untilMs: number;
  findings: number;
  clients: Set<string>;
  maxScore: number;
  tags: Map<string, number>;
}

export interface ThrottledFinding {
  ip: string;
  score: number;
  tags: readonly string[];
}

export class AlertThrottle {
  readonly #cooldownMs: number;
  /** Open cooldowns in the order they end (each is opened for the same length, in time order). */
  readonly #cooldowns = new Map<string, Cooldown>();

  constructor(cooldownMs: number) {
    this.#cooldownMs = cooldownMs;
  }

  /** True when the finding is to be sent now (it opens the key's cooldown); false when it is held back. */
  admit(key: string, finding: ThrottledFinding, nowMs: number): boolean {
    const open = this.#cooldowns.get(key);
    if (open === undefined || open.untilMs <= nowMs) {
      // An ended cooldown that held something back is summarised by due() first; this one is new.
      if (open !== undefined && open.findings > 0) return this.#holdBack(open, finding);
      this.#cooldowns.delete(key);
      this.#cooldowns.set(key, this.#open(nowMs));
      return true;
    }
    return this.#holdBack(open, finding);
  }

  /** The summaries of the cooldowns that ended by `nowMs` and held findings back; each opens a new cooldown. */
  due(nowMs: number): SuppressedFindings[] {
    const ended: Array<[string, Cooldown]> = [];
    for (const entry of this.#cooldowns) {
      if (entry[1].untilMs > nowMs) break;
      ended.push(entry);
    }
    const summaries: SuppressedFindings[] = [];
    for (const [key, cooldown] of ended) {
      this.#cooldowns.delete(key);
      if (cooldown.findings === 0) continue;
      summaries.push(summarise(key, cooldown, nowMs));
      this.#cooldowns.set(key, this.#open(nowMs));
    }
    return summaries;
  }

  /** At shutdown: the summaries of every cooldown that held something back, ended or not. */
  drain(nowMs: number): SuppressedFindings[] {
    const summaries = [...this.#cooldowns].filter(([, c]) => c.findings > 0).map(([key, c]) => summarise(key, c, Math.min(nowMs, c.untilMs)));
    this.#cooldowns.clear();
    return summaries;
  }

  /** Keys with an open cooldown. */
  get open(): number {
    return this.#cooldowns.size;
  }

  #open(nowMs: number): Cooldown {
    return { sinceMs: nowMs, untilMs: nowMs + this.#cooldownMs, findings: 0, clients: new Set(), maxScore: 0, tags: new Map() };
  }

  #holdBack(cooldown: Cooldown, finding: ThrottledFinding): false {
    cooldown.findings++;
    if (cooldown.clients.size < MAX_CLIENTS_COUNTED) cooldown.clients.add(finding.ip);
    cooldown.maxScore = Math.max(cooldown.maxScore, finding.score);
    for (const tag of finding.tags) cooldown.tags.set(tag, (cooldown.tags.get(tag) ?? 0) + 1);
    return false;
  }
}

function summarise(key: string, cooldown: Cooldown, untilMs: number): SuppressedFindings {
  return {
    key,
    findings: cooldown.findings,
    clients: cooldown.clients.size,
    maxScore: cooldown.maxScore,
    tags: [...cooldown.tags].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag]) => tag),
    sinceMs: cooldown.sinceMs,
    untilMs,
  };
}

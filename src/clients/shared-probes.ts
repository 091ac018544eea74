// Probe lists shared by many small clients: a campaign spread over addresses, each sending two or
// three probes and nothing else (`/wp-login.php` and `/`, refused, from 26 addresses over four days in
// secrepo's 2018 log). One such client is too small to call hostile: a reader who tried two dead links
// looks the same. What tells them apart is that other clients send the very same probes and nothing
// else either; readers follow the site's links, not a shared list of guesses.

import { doubled } from '../doubled.js';

/** The distinct (client, request) probe pairs of a scan, appended as they are found. */
export class ProbePairs {
  #clients = new Uint32Array(1024);
  #texts = new Uint32Array(1024);
  #size = 0;

  add(ipId: number, textId: number): void {
    if (this.#size === this.#clients.length) {
      this.#clients = doubled(this.#clients);
      this.#texts = doubled(this.#texts);
    }
    this.#clients[this.#size] = ipId;
    this.#texts[this.#size] = textId;
    this.#size++;
  }

  get size(): number {
    return this.#size;
  }

  ipId(k: number): number {
    return this.#clients[k]!;
  }

  textId(k: number): number {
    return this.#texts[k]!;
  }
}

export interface SharedProbes {
  /** Per client: its distinct probes that at least `minCompanions` other probe-only clients also sent. */
  shared: Uint32Array;
  /** Per client: the most other probe-only clients that sent one of its probes. */
  companions: Uint32Array;
}

/**
 * For each probe-only client (`probeOnly`: it sent nothing but probes, two requests or more), how many
 * of its probes other probe-only clients sent too. Clients that are not probe-only get zeros, and
 * their probes do not count for anyone: a reader's dead link is not part of a list.
 */
export function sharedProbes(pairs: ProbePairs, textCount: number, probeOnly: (ipId: number) => boolean, clients: number, minCompanions: number): SharedProbes {
  const senders = new Uint32Array(textCount);
  for (let k = 0; k < pairs.size; k++) if (probeOnly(pairs.ipId(k))) senders[pairs.textId(k)]!++;
  const shared = new Uint32Array(clients);
  const companions = new Uint32Array(clients);
  for (let k = 0; k < pairs.size; k++) {
    const ipId = pairs.ipId(k);
    if (!probeOnly(ipId)) continue;
    const others = senders[pairs.textId(k)]! - 1;
    if (others >= minCompanions) shared[ipId]!++;
    if (others > companions[ipId]!) companions[ipId] = others;
  }
  return { shared, companions };
}

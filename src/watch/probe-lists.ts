// Probe lists shared by probe-only clients, live: scan's rule (clients/shared-probes.ts) for `semlog
// watch`. A campaign spread over addresses sends each of them two or three probes and nothing else
// (secrepo's 2018 log: `/wp-login.php` and `/`, refused, from 26 addresses over four days), too few for
// any one client to be hostile, and hours apart: far more than a client window holds. So the watcher
// remembers, per probe, which probe-only clients sent it, beyond their window, and a probe-only client
// whose probes other probe-only clients sent too is hostile, as in scan.
//
// Live, the first clients of such a campaign are judged before their companions arrive: with two
// companions needed, the third address is the first found, and the earlier ones are judged again then
// (judge-clients.ts), found too while their window still holds them. A client that stops being probe-only (it
// read a page since) is taken out of the lists, as scan counts only clients that sent nothing else.
//
// Bounded: at most MAX_PROBES probes (the least recently noted forgotten first, with their senders),
// SENDERS_PER_PROBE senders each, and MAX_LISTED_CLIENTS clients in the lists (the least recently
// noted forgotten first).

import { RecencyMap } from './recency-map.js';

/** Distinct probes remembered. */
export const MAX_PROBES = 50_000;
/** Senders remembered per probe: companions beyond this are not told apart (the rule needs two). */
export const SENDERS_PER_PROBE = 64;
/** Probe-only clients remembered with their probes. */
export const MAX_LISTED_CLIENTS = 100_000;

export interface SharedProbeCount {
  /** The client's probes that at least `minCompanions` other listed clients sent too. */
  shared: number;
  /** The most other listed clients behind one of its probes. */
  companions: number;
}

export class ProbeLists {
  /** Per probe key, the probe-only clients that sent it; in the order of last use. */
  readonly #senders = new RecencyMap<string, Set<string>>(MAX_PROBES);
  /** Per listed client, its probe keys; in the order of last use. A client forgotten to make room leaves its probes' senders too. */
  readonly #probesOf = new RecencyMap<string, readonly string[]>(MAX_LISTED_CLIENTS, (ip, probes) => this.#unlist(ip, probes));

  /**
   * Notes that probe-only client `ip` sent `probes` (distinct keys: its requests' method and URI), in
   * place of what was noted for it before.
   */
  note(ip: string, probes: readonly string[]): void {
    this.forget(ip);
    this.#probesOf.set(ip, probes);
    for (const probe of probes) {
      const senders = this.#senders.peek(probe) ?? new Set<string>();
      this.#senders.set(probe, senders);
      if (senders.size < SENDERS_PER_PROBE) senders.add(ip);
    }
  }

  /** Takes `ip` out of the lists (it is no probe-only client any more). */
  forget(ip: string): void {
    const probes = this.#probesOf.peek(ip);
    if (probes === undefined) return;
    this.#probesOf.delete(ip);
    this.#unlist(ip, probes);
  }

  /** Takes `ip` out of the senders of its `probes`; a probe no one else sent goes. */
  #unlist(ip: string, probes: readonly string[]): void {
    for (const probe of probes) {
      const senders = this.#senders.peek(probe);
      if (senders === undefined) continue;
      senders.delete(ip);
      if (senders.size === 0) this.#senders.delete(probe);
    }
  }

  /** How many of `probes` (client `ip`'s) at least `minCompanions` other listed clients sent, and the most behind one. */
  count(ip: string, probes: readonly string[], minCompanions: number): SharedProbeCount {
    let shared = 0;
    let companions = 0;
    for (const probe of probes) {
      const senders = this.#senders.peek(probe);
      if (senders === undefined) continue;
      const others = senders.size - (senders.has(ip) ? 1 : 0);
      if (others >= minCompanions) shared++;
      if (others > companions) companions = others;
    }
    return { shared, companions };
  }

  /** The other listed clients that sent any of `probes` (client `ip`'s), each once. */
  companions(ip: string, probes: readonly string[]): string[] {
    const others = new Set<string>();
    for (const probe of probes) for (const sender of this.#senders.peek(probe) ?? []) if (sender !== ip) others.add(sender);
    return [...others];
  }

  /** Clients in the lists. */
  get clients(): number {
    return this.#probesOf.size;
  }

  /** Probes in the lists. */
  get probes(): number {
    return this.#senders.size;
  }
}

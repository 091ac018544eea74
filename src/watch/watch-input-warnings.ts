// What the followed logs themselves limit, said once per run as scan says it in summary.warnings
// (pipeline/input-warnings.ts): trusted proxies that read no client (features/forwarded-client.ts),
// no client addresses, a proxy's address in their place (clients/proxied-log.ts), CloudFront's edges
// in their place (clients/cdn-origin-log.ts), no request answered 403 or 404
// (clients/soft-error-site.ts), a followed file of another format than the baseline's
// (pipeline/baseline-format.ts). A watcher
// runs for months, so the counts are over the records judged since it started, and only the first
// MAX_LISTED_ADDRESSES addresses are counted one by one.

import { cdnOriginWarning, isCloudFrontAgent } from '../clients/cdn-origin-log.js';
import { baselineFormatWarnings } from '../pipeline/baseline-format.js';
import { clientAddressWarning, PROXIED_MIN_REQUESTS } from '../clients/proxied-log.js';
import { isMissingPage, softErrorWarning, type StatusCounts } from '../clients/soft-error-site.js';
import { forwardedFor, unusedProxiesWarning } from '../features/forwarded-client.js';
import type { LogRecord } from '../types.js';

/**
 * Addresses counted one by one; the requests of any address seen after them count in a sum. A proxy
 * sends most requests, so it is among the first; one that comes later is missed, and no log is warned
 * about wrongly (the totals stay exact).
 */
const MAX_LISTED_ADDRESSES = 10_000;
/** Records between two looks at the counts (each look sorts the addresses). */
const RECORDS_PER_LOOK = PROXIED_MIN_REQUESTS;

export class WatchInputWarnings {
  readonly #sent = new Map<string, number>();
  #uncounted = 0;
  #forwarded = 0;
  #fromCloudFront = 0;
  /** The addresses that sent CloudFront's user agent, the first MAX_LISTED_ADDRESSES of them. */
  readonly #edges = new Set<string>();
  #cdnSaid = false;
  readonly #statuses: StatusCounts = { withStatus: 0, missing: 0 };
  #records = 0;
  #nextLook = PROXIED_MIN_REQUESTS;
  #proxiesSaid = false;
  #clientsSaid = false;
  #statusSaid = false;
  /** The formats said to be foreign to the baseline, each once per run. */
  readonly #formatsSaid = new Set<string>();

  /** `baselineFormats`: the formats the baseline was trained on; undefined without one, or for one trained before it recorded them. */
  constructor(private readonly baselineFormats?: readonly string[]) {}

  /**
   * The warnings for files (with their detected or forced format) that gave records in a batch:
   * a format the baseline was not trained on, said at its first records, once per run.
   */
  addFormats(read: ReadonlyArray<{ file: string; format: string }>): string[] {
    const fresh = read.filter(({ format }) => !this.#formatsSaid.has(format));
    const warnings = baselineFormatWarnings(this.baselineFormats, fresh);
    for (const { format } of fresh) this.#formatsSaid.add(format);
    return warnings;
  }

  /**
   * Counts `records`; returns the warnings they complete, each given once per run. `readThroughProxies`:
   * the records so far whose client was read from X-Forwarded-For (undefined without trusted proxies).
   */
  add(records: readonly LogRecord[], readThroughProxies?: number): string[] {
    for (const record of records) {
      this.#records++;
      const sent = this.#sent.get(record.clientIp);
      if (sent !== undefined) this.#sent.set(record.clientIp, sent + 1);
      else if (this.#sent.size < MAX_LISTED_ADDRESSES) this.#sent.set(record.clientIp, 1);
      else this.#uncounted++;
      if (record.extras !== null && forwardedFor(record) !== undefined) this.#forwarded++;
      if (isCloudFrontAgent(record.userAgent)) {
        this.#fromCloudFront++;
        if (this.#edges.size < MAX_LISTED_ADDRESSES) this.#edges.add(record.clientIp);
      }
      if (record.status !== null) {
        this.#statuses.withStatus++;
        if (isMissingPage(record.status)) this.#statuses.missing++;
      }
    }
    if (this.#records < this.#nextLook) return [];
    this.#nextLook = this.#records + RECORDS_PER_LOOK;
    const warnings: string[] = [];
    const proxies = this.#proxiesSaid ? undefined : unusedProxiesWarning(readThroughProxies, this.#records);
    if (proxies !== undefined) {
      this.#proxiesSaid = true;
      warnings.push(proxies);
    }
    if (!this.#clientsSaid) {
      const ips = [...this.#sent.keys()];
      const sent = [...this.#sent.values()];
      const clients = clientAddressWarning(ips, sent, { uncounted: this.#uncounted, forwarded: this.#forwarded });
      if (clients !== undefined) {
        this.#clientsSaid = true;
        warnings.push(clients);
      }
    }
    if (!this.#cdnSaid) {
      const cdn = cdnOriginWarning({ requests: this.#records, fromCloudFront: this.#fromCloudFront, addresses: this.#edges.size });
      if (cdn !== undefined) {
        this.#cdnSaid = true;
        warnings.push(cdn);
      }
    }
    if (!this.#statusSaid) {
      const soft = softErrorWarning(this.#statuses);
      if (soft !== undefined) {
        this.#statusSaid = true;
        warnings.push(soft);
      }
    }
    return warnings;
  }
}

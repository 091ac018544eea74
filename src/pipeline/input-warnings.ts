// What the scanned log itself limits, said in summary.warnings once every record is in: a log without
// client addresses, or behind a proxy that the server does not see through (clients/proxied-log.ts),
// a site that answers no request with 403 or 404 (clients/soft-error-site.ts). None changes a finding.

import { missingAddressWarning, proxiedLogWarning } from '../clients/proxied-log.js';
import { isMissingPage, softErrorWarning } from '../clients/soft-error-site.js';
import type { IngestState } from './ingest-records.js';

/** The warnings the scanned records call for, in the order above; none for an ordinary log. */
export function inputWarnings(state: Pick<IngestState, 'ips' | 'ipAccumulator' | 'occurrences'>): string[] {
  const { ips, ipAccumulator, occurrences } = state;
  const requests = Array.from(ips, (_, ipId) => ipAccumulator.requestsOf(ipId));
  // A log without addresses is not a proxy's: one warning says what is missing.
  const clients = missingAddressWarning(ips, requests) ?? proxiedLogWarning(ips, requests);
  let withStatus = 0;
  let missing = 0;
  for (let i = 0; i < occurrences.size; i++) {
    const status = occurrences.status(i);
    if (status === 0) continue;
    withStatus++;
    if (isMissingPage(status)) missing++;
  }
  const softErrors = softErrorWarning({ withStatus, missing });
  return [clients, softErrors].filter((warning): warning is string => warning !== undefined);
}

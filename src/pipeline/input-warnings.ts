// What the scanned log itself limits, said in summary.warnings once every record is in: a log behind
// a proxy that the server does not see through (clients/proxied-log.ts), a site that answers no
// request with 403 or 404 (clients/soft-error-site.ts). Neither changes a finding.

import { proxiedLogWarning } from '../clients/proxied-log.js';
import { isMissingPage, softErrorWarning } from '../clients/soft-error-site.js';
import type { IngestState } from './ingest-records.js';

export function inputWarnings(state: Pick<IngestState, 'ips' | 'ipAccumulator' | 'occurrences'>): string[] {
  const { ips, ipAccumulator, occurrences } = state;
  const proxied = proxiedLogWarning(ips, Array.from(ips, (_, ipId) => ipAccumulator.requestsOf(ipId)));
  let withStatus = 0;
  let missing = 0;
  for (let i = 0; i < occurrences.size; i++) {
    const status = occurrences.status(i);
    if (status === 0) continue;
    withStatus++;
    if (isMissingPage(status)) missing++;
  }
  const softErrors = softErrorWarning({ withStatus, missing });
  return [proxied, softErrors].filter((warning): warning is string => warning !== undefined);
}

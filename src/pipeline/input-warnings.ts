// What the scanned log itself limits, said in summary.warnings once every record is in: no record
// to judge at all (nothing-judged.ts), trusted
// proxies that read no client (features/forwarded-client.ts), a log without client addresses, or
// behind a proxy that the server does not see through (clients/proxied-log.ts) or behind CloudFront
// (clients/cdn-origin-log.ts), a site that answers no request with 403 or 404
// (clients/soft-error-site.ts). None changes a finding.

import { cdnOriginWarning } from '../clients/cdn-origin-log.js';
import { clientAddressWarning } from '../clients/proxied-log.js';
import { isMissingPage, softErrorWarning } from '../clients/soft-error-site.js';
import { unusedProxiesWarning } from '../features/forwarded-client.js';
import type { ScopeCounts } from '../features/scope.js';
import type { IngestSummary } from '../parse/ingest-summary.js';
import type { IngestState } from './ingest-records.js';
import { nothingJudgedWarning } from './nothing-judged.js';

/** The warnings the scanned records call for, in the order above; none for an ordinary log. */
export function inputWarnings(
  state: Pick<IngestState, 'ips' | 'ipAccumulator' | 'occurrences' | 'forwardedHeaders' | 'cloudFrontAgent'>,
  scope: ScopeCounts,
  ingest: Pick<IngestSummary, 'records' | 'malformed'>,
): string[] {
  const { ips, ipAccumulator, occurrences } = state;
  const nothing = nothingJudgedWarning({ records: ingest.records, malformed: ingest.malformed, judged: occurrences.size });
  const requests = Array.from(ips, (_, ipId) => ipAccumulator.requestsOf(ipId));
  const readThrough = scope.forwarded && Object.values(scope.forwarded).reduce((sum, n) => sum + n, 0);
  const proxies = unusedProxiesWarning(readThrough, occurrences.size);
  const clients = clientAddressWarning(ips, requests, { forwarded: state.forwardedHeaders });
  const { cloudFrontAgent } = state;
  const cdn = cdnOriginWarning({ requests: occurrences.size, fromCloudFront: cloudFrontAgent.requests, addresses: cloudFrontAgent.clients.size });
  let withStatus = 0;
  let missing = 0;
  for (let i = 0; i < occurrences.size; i++) {
    const status = occurrences.status(i);
    if (status === 0) continue;
    withStatus++;
    if (isMissingPage(status)) missing++;
  }
  const softErrors = softErrorWarning({ withStatus, missing });
  return [nothing, proxies, clients, cdn, softErrors].filter((warning): warning is string => warning !== undefined);
}

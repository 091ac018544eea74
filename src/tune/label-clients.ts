// Labels per client for the client model, from either kind of labels file:
// - client labels (`ip,label`) name the attackers; each of an attacker's lines then counts as an
//   anomaly for the line model and the sweep (client labels say who attacked, not with which line);
// - line labels (`file,line,label`) make a client an attacker when any of its lines is a labelled
//   anomaly (one attack request is enough for a client to be one a report must list).

import { InputError } from '../errors.js';
import type { PreparedScan } from '../pipeline/prepare-scan.js';
import { labelLines, type LabelledLines } from './label-lines.js';
import { LabelAgreement, type ClientLabelRow, type LabelFile } from './read-labels.js';

export interface LabelledScan {
  lines: LabelledLines;
  /** Per client id of the scan: 1 attacker, 0 not. */
  attackers: Uint8Array;
  kind: LabelFile['kind'];
}

export function labelScan(file: LabelFile, prepared: PreparedScan, labelsFile: string): LabelledScan {
  const { occurrences, ips } = prepared.state;
  if (file.kind === 'lines') {
    const lines = labelLines(file.rows, prepared, labelsFile);
    const attackers = new Uint8Array(ips.length);
    for (let i = 0; i < occurrences.size; i++) if (lines.labels[i] === 1) attackers[occurrences.ipId(i)] = 1;
    return { lines, attackers, kind: 'lines' };
  }
  const { attackers, listed: listedClients } = labelClients(file.rows, ips, labelsFile, prepared.scope.clientName);
  const labels = new Uint8Array(occurrences.size);
  const listed = new Uint8Array(occurrences.size);
  for (let i = 0; i < occurrences.size; i++) {
    labels[i] = attackers[occurrences.ipId(i)]!;
    listed[i] = listedClients[occurrences.ipId(i)]!;
  }
  return { lines: { labels, anomalies: labels.reduce((sum, l) => sum + l, 0), listed, notScored: [] }, attackers, kind: 'clients' };
}

/**
 * Per client id, 1 for the clients labelled anomaly (`attackers`) and for every client listed
 * (`listed`); a client that is not in the scan is an input error (exit 3). `clientName` names a
 * labelled address as the scan names its client (with --ipv6-prefix, its network). Two rows that
 * label one client both ways (two spellings of an address, or two addresses of one network) are an
 * input error too.
 */
export function labelClients(
  rows: readonly ClientLabelRow[],
  ips: readonly string[],
  labelsFile: string,
  clientName: (address: string) => string = (address) => address,
): { attackers: Uint8Array; listed: Uint8Array } {
  const idOf = new Map(ips.map((ip, id) => [ip, id]));
  const attackers = new Uint8Array(ips.length);
  const listed = new Uint8Array(ips.length);
  const agreement = new LabelAgreement<number, ClientLabelRow>(labelsFile);
  for (const row of rows) {
    const client = clientName(row.ip);
    const id = idOf.get(client);
    if (id === undefined) {
      throw new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:${row.csvLine}: ${row.ip} sent no request in the scanned logs`, {
        hint:
          'label clients of these logs (and of the scanned time range: --since/--until and --exclude leave clients out); ' +
          'behind --trusted-proxy, label the clients X-Forwarded-For names, not the proxy',
      });
    }
    agreement.add(id, row, () => (client === row.ip ? `client ${row.ip}` : `client ${client} (${row.ip})`));
    listed[id] = 1;
    if (row.anomaly) attackers[id] = 1;
  }
  return { attackers, listed };
}

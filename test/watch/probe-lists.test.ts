// The live shared probe lists: which probe-only clients sent each probe, beyond their window, and
// how many of a client's probes other such clients sent (scan's clients/shared-probes.ts), hand-computed.
import { describe, expect, it } from 'vitest';
import { MAX_LISTED_CLIENTS, MAX_PROBES, ProbeLists, SENDERS_PER_PROBE } from '../../src/watch/probe-lists.js';

describe('ProbeLists', () => {
  it("counts a client's probes that other listed clients sent, and the most behind one", () => {
    const lists = new ProbeLists();
    lists.note('a', ['GET /wp-login.php', 'GET /']);
    lists.note('b', ['GET /wp-login.php', 'GET /']);
    // a's two probes: each sent by one other client (b): not shared with two companions.
    expect(lists.count('a', ['GET /wp-login.php', 'GET /'], 2)).toEqual({ shared: 0, companions: 1 });
    lists.note('c', ['GET /wp-login.php', 'GET /', 'GET /admin']);
    expect(lists.count('c', ['GET /wp-login.php', 'GET /', 'GET /admin'], 2)).toEqual({ shared: 2, companions: 2 });
    expect(lists.count('a', ['GET /wp-login.php', 'GET /'], 2)).toEqual({ shared: 2, companions: 2 });
    // A client not in the lists counts every sender as another.
    expect(lists.count('d', ['GET /admin', 'GET /'], 2)).toEqual({ shared: 1, companions: 3 });
  });

  it('takes a client out when it stops being probe-only, and replaces what it noted before', () => {
    const lists = new ProbeLists();
    for (const ip of ['a', 'b', 'c']) lists.note(ip, ['GET /x']);
    lists.forget('b');
    expect(lists.count('a', ['GET /x'], 2)).toEqual({ shared: 0, companions: 1 });
    lists.note('c', ['GET /y']); // c's probes are now only /y
    expect(lists.count('a', ['GET /x'], 1)).toEqual({ shared: 0, companions: 0 });
    expect([lists.clients, lists.probes]).toEqual([2, 2]);
    lists.forget('a');
    lists.forget('nobody');
    expect([lists.clients, lists.probes]).toEqual([1, 1]);
  });

  it(`keeps at most ${SENDERS_PER_PROBE} senders per probe, ${MAX_PROBES} probes and ${MAX_LISTED_CLIENTS} clients, forgetting the least recently noted`, () => {
    const lists = new ProbeLists();
    for (let k = 0; k < SENDERS_PER_PROBE + 10; k++) lists.note(`s${k}`, ['GET /crowded']);
    expect(lists.count('other', ['GET /crowded'], 2).companions).toBe(SENDERS_PER_PROBE);
    const many = new ProbeLists();
    many.note('first', ['GET /p0']);
    for (let k = 1; k < MAX_PROBES; k++) many.note(`c${k}`, [`GET /p${k}`]);
    expect(many.probes).toBe(MAX_PROBES);
    many.note('late', ['GET /new']); // the probe noted longest ago goes
    expect(many.probes).toBe(MAX_PROBES);
    expect(many.count('x', ['GET /p0'], 1).companions).toBe(0);
    expect(many.count('x', ['GET /p1', 'GET /new'], 1)).toEqual({ shared: 2, companions: 1 });
    const clients = new ProbeLists();
    for (let k = 0; k < MAX_LISTED_CLIENTS + 1; k++) clients.note(`ip${k}`, ['GET /same']);
    expect(clients.clients).toBe(MAX_LISTED_CLIENTS);
  });
});

// The text table and the site map of consecutive parts of a real log join into those of one pass
// (docs/scale-out.md, steps 2 and 3): what a distributed scan's text stage needs, without the records.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScope } from '../../src/features/scope.js';
import type { IngestSummary } from '../../src/parse/ingest-summary.js';
import type { LogStream } from '../../src/parse/read-logs.js';
import { ingestRecords, type IngestState } from '../../src/pipeline/ingest-records.js';
import type { CappedDistinct } from '../../src/sitemap/capped-distinct.js';
import { buildSiteMap, mergeSiteMaps, type SiteMap } from '../../src/sitemap/site-map.js';
import type { LogRecord } from '../../src/types.js';
import { collect, SHARED_DATA } from '../parse/helpers.js';

const LOGS = ['almhuette-raith-2019/access_2019-04-02_03.log', 'elastic-apache-logs/apache_logs.log'].map((log) => `${SHARED_DATA}${log}`);

/** What ingestRecords reads: the records in batches (it never reads the summary). */
function streamOf(records: readonly LogRecord[], summary: IngestSummary): LogStream {
  return {
    summary,
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < records.length; i += 1000) yield records.slice(i, i + 1000);
    },
  };
}

const ingest = (records: readonly LogRecord[], summary: IngestSummary): Promise<IngestState> =>
  ingestRecords(streamOf(records, summary), createScope({}), { push: async () => {} }, 300_000);

/** Every key's members, in order. */
const sets = (set: CappedDistinct) => Array.from({ length: set.keys }, (_, key) => [...set.members(key)]);

function expectSameMap(merged: SiteMap, one: SiteMap): void {
  expect(merged.routes).toEqual(one.routes);
  expect(merged.methods).toEqual(one.methods);
  expect([...merged.routeOfText]).toEqual([...one.routeOfText]);
  expect([...merged.methodOfText]).toEqual([...one.methodOfText]);
  for (const key of ['routeClients', 'routeOkClients', 'textClients', 'methodOkClients'] as const) {
    expect(sets(merged[key]), key).toEqual(sets(one[key]));
  }
}

describe.each(LOGS.filter((log) => existsSync(log)))('the text table and site map of %s cut in four', (log) => {
  it('merge into those of one pass: the same texts, counts, routes and client sets', async () => {
    const { records, summary } = await collect([log]);
    const one = await ingest(records, summary);
    const whole = buildSiteMap(one.table.texts, one.occurrences);
    // Uneven cuts, one of them inside the first minutes of the log, where most clients first appear.
    const cuts = [0, 0.03, 0.4, 0.77, 1].map((at) => Math.round(at * records.length));
    const parts = await Promise.all(cuts.slice(1).map((end, k) => ingest(records.slice(cuts[k], end), summary)));

    const [table, ...rest] = parts.map((part) => part.table);
    const textOfs = [Uint32Array.from(table!.texts, (_, id) => id), ...rest.map((next) => table!.merge(next))];
    expect(table!.texts).toEqual(one.table.texts);
    expect([...table!.counts]).toEqual([...one.table.counts]);

    // Clients in first-seen order over the parts, as IpAccumulator.merge numbers them.
    const clientIds = new Map<string, number>();
    const clientOfs = parts.map((part) => Uint32Array.from(part.ips, (ip) => clientIds.get(ip) ?? clientIds.set(ip, clientIds.size).get(ip)!));
    expect([...clientIds.keys()]).toEqual(one.ips);

    const merged = mergeSiteMaps(
      parts.map((part, p) => ({ map: buildSiteMap(part.table.texts, part.occurrences), textOf: textOfs[p]!, clientOf: clientOfs[p]! })),
      table!.texts,
    );
    expectSameMap(merged, whole);
    // Some route's client set is full (the cap matters) and some text's spans parts.
    expect(sets(whole.routeClients).some((members) => members.length === whole.routeClients.cap)).toBe(true);
  });
});

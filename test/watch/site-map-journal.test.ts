import { appendFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveSiteMap } from '../../src/watch/live-site-map.js';
import { journalPath, MIN_REWRITE_BYTES, SiteMapJournal } from '../../src/watch/site-map-journal.js';

const noWarning = (message: string) => {
  throw new Error(`unexpected warning: ${message}`);
};

describe('SiteMapJournal', () => {
  it('makes the map again from the batches up to the saved mark; a batch whose state was never saved is cut off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-journal-'));
    const live = new LiveSiteMap(100);
    const journal = new SiteMapJournal(dir, undefined, live, noWarning);
    live.see('/a', 'x', 200);
    live.answer('GET', 'x', 200);
    const first = journal.write();
    live.see('/b', 'x', 404);
    live.see('/a', 'y', 404);
    const second = journal.write();
    expect(journal.write()).toEqual(second); // nothing changed: nothing written
    // Killed after the next batch's changes were written, before its state was saved.
    live.see('/unsaved', 'z', 404);
    journal.write();
    const again = new LiveSiteMap(100);
    const resumed = new SiteMapJournal(dir, second, again, noWarning);
    expect(again.entries().routes.map(([route]) => route)).toEqual(['/b', '/a']);
    expect([again.othersUse('/a', 'x'), again.othersAnswered('GET', 'y')]).toEqual([true, true]);
    // The journal goes on from the mark.
    again.see('/c', 'y', 200);
    const third = resumed.write();
    const later = new LiveSiteMap(100);
    new SiteMapJournal(dir, third, later, noWarning);
    expect(later.entries().routes.map(([route]) => route)).toEqual(['/b', '/a', '/c']);
    expect(first.bytes).toBeGreaterThan(0);
  });

  it('starts with an empty map, and says so, when the journal is damaged or missing; the next state names a new one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-journal-'));
    const live = new LiveSiteMap(100);
    const journal = new SiteMapJournal(dir, undefined, live, noWarning);
    live.see('/a', 'x', 200);
    const mark = journal.write();
    const bad = '{"routes":[["/b"]],"methods":[]}\n';
    appendFileSync(journalPath(dir, 1), bad);
    const damaged = { generation: 1, bytes: mark.bytes + bad.length };
    const warnings: string[] = [];
    const again = new LiveSiteMap(100);
    const fresh = new SiteMapJournal(dir, damaged, again, (message) => warnings.push(message));
    expect(again.size).toBe(0);
    expect(warnings).toEqual([`${journalPath(dir, 1)} is damaged at line 2: not a route: ["/b"]: the site's routes are learned again from the lines to come`]);
    expect(readdirSync(dir)).toEqual([]);
    again.see('/c', 'x', 200);
    expect(fresh.write()).toMatchObject({ generation: 2 });
    const missing: string[] = [];
    new SiteMapJournal(dir, { generation: 7, bytes: 10 }, new LiveSiteMap(100), (message) => missing.push(message));
    expect(missing[0]).toContain('site-map.7.ndjson is missing or shorter than the state says (0 of 10 bytes)');
  });

  it('writes the map whole into the next generation once the journal has grown past its bound, and drops the old one when the state names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-journal-'));
    const live = new LiveSiteMap(1000);
    const journal = new SiteMapJournal(dir, undefined, live, noWarning);
    // The same 1,000 long routes in every batch: the journal grows, the map does not.
    const long = 'x'.repeat(500);
    let mark = journal.write();
    for (let batch = 0; mark.generation === 1; batch++) {
      for (let k = 0; k < 1000; k++) live.see(`/${long}/${k}`, `client-${batch}`, 404);
      mark = journal.write();
      if (mark.generation === 1) journal.saved();
      expect(mark.bytes).toBeLessThanOrEqual(MIN_REWRITE_BYTES);
    }
    // Until the state names it, a restart reads the old generation.
    expect(existsSync(journalPath(dir, 1))).toBe(true);
    journal.saved();
    expect(readdirSync(dir)).toEqual(['site-map.2.ndjson']);
    const again = new LiveSiteMap(1000);
    new SiteMapJournal(dir, mark, again, noWarning);
    expect(again.entries()).toEqual(live.entries());
  });

  it('removes what a run killed before its first saved state left behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-journal-'));
    writeFileSync(journalPath(dir, 1), '{"routes":[],"methods":[]}\n');
    writeFileSync(`${journalPath(dir, 2)}.123.tmp`, '{"rou');
    new SiteMapJournal(dir, undefined, new LiveSiteMap(10), noWarning);
    expect(readdirSync(dir)).toEqual([]);
  });
});

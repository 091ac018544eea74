import { describe, expect, it } from 'vitest';
import { buildAlert, findingsOver } from '../../src/alert/alert-payload.js';
import { chatText } from '../../src/alert/chat-text.js';
import { fitMessage, SNS_MAX_MESSAGE_BYTES, snsSubject } from '../../src/alert/publish-sns.js';
import { HOSTILE_TEXT, sampleAnalysis } from './analysis.js';

describe('chatText', () => {
  it('leaves no way to mention, link, leave the code span or hide characters', () => {
    const safe = chatText(HOSTILE_TEXT, 500);
    expect(safe).toBe("GET /x?q=&lt;!channel&gt; &lt;https://evil.example|click here&gt; 'code' [a](https://evil.example) evil next");
    expect(safe).not.toMatch(/[<>`\u0000-\u001f\u202e]/);
  });

  it('cuts long text before escaping, so that no entity is cut in half', () => {
    expect(chatText('a<b'.repeat(10), 5)).toBe('a&lt;ba…'); // 4 characters and the ellipsis
    expect(chatText('\u0000\u0007', 10)).toBe('-');
  });
});

describe('buildAlert', () => {
  it("lists the findings at or above --fail-on in the report's order, clients and lines in turn, and counts them by kind", () => {
    const analysis = sampleAnalysis();
    expect(findingsOver(analysis, 5).lines).toHaveLength(2);
    const { semlog } = buildAlert(analysis, { failOn: 5, sources: ['s3://logs/cf/'], reports: ['/var/lib/semlog/report.html'] });
    expect(semlog.reached).toEqual({ ips: 2, lines: 2 });
    expect(semlog.topFindings.map((f) => [f.kind, f.score])).toEqual([['ip', 44.1], ['line', 6.1], ['ip', 12], ['line', 5.5]]);
    expect(semlog.topFindings[1]).toMatchObject({ kind: 'line', file: 's3://logs/cf/E2EXAMPLE.2026-11-18-05.a3.gz', line: 7, tags: ['sql_injection'] });
    expect(semlog.topFindings[1]?.reasons).toHaveLength(3);
    expect(semlog.summary).toEqual({ records: 1234, malformed: 2, files: 3, format: 'cloudfront', clientIps: 50, damagedFiles: 0, elapsedMs: 4000 });
  });

  it('keeps the top N in the payload and says how many more there are', () => {
    const { text, semlog } = buildAlert(sampleAnalysis(), { failOn: 1, sources: ['s3://logs/cf/'], top: 2 });
    expect(semlog.topFindings).toHaveLength(2);
    expect(text.split('\n')).toEqual([
      'semlog: 5 findings scored at least 1 in `s3://logs/cf/` (1234 records from 3 files)',
      '• client `203.0.113.9` scored 44.1: 40 requests, sql_injection ×37',
      "• request `GET /item.php?id=0' union select password from users--` from `203.0.113.9` scored 6.1 (sql_injection)",
      '… and 3 more',
    ]);
  });

  it('shows log content only inside escaped code spans; the machine part keeps it as data', () => {
    const { text, semlog } = buildAlert(sampleAnalysis(), { failOn: 5, sources: ['s3://logs/cf/'] });
    expect(text).toContain('• request `GET /x?q=&lt;!channel&gt; &lt;https://evil.example|click here&gt; \'code\' [a](https://evil.example) evil next` from `203.0.113.9` scored 5.5');
    expect(text).not.toMatch(/<|>|\u202e|\u0007/);
    expect(text.split('\n')).toHaveLength(5);
    expect(semlog.topFindings[3]).toMatchObject({ kind: 'line', text: HOSTILE_TEXT });
  });
});

describe('SNS message', () => {
  it('has an ASCII subject of at most 100 characters', () => {
    const subject = snsSubject(buildAlert(sampleAnalysis(), { failOn: 5, sources: ['s3://logs/cf/'] }));
    expect(subject).toBe('semlog: 4 findings at or above 5');
    expect(subject).toMatch(/^[\x20-\x7e]{1,100}$/);
  });

  it('drops the last findings until the message fits in 256 KiB', () => {
    const payload = buildAlert(sampleAnalysis(), { failOn: 1, sources: ['s3://logs/cf/'] });
    for (const finding of payload.semlog.topFindings) finding.reasons = ['x'.repeat(100_000)];
    const message = fitMessage(payload);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect((JSON.parse(message) as typeof payload).semlog.topFindings).toHaveLength(2);
    expect((JSON.parse(message) as typeof payload).text).toBe(payload.text);
  });
});

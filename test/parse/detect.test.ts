import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { detectFormat } from '../../src/parse/detect.js';
import { FIXTURES } from './helpers.js';

/** A README (origin, licence, format notes) that quotes a CloudFront header and record among its prose. */
const AWS_SOURCE = new URL('../../../shared/data/aws-format-samples/SOURCE.md', import.meta.url).pathname;

const firstLines = (name: string): string[] => readFileSync(FIXTURES + name, 'latin1').split('\n').map((l) => l.replace(/\r$/, ''));

describe('detectFormat', () => {
  test.each([
    ['combined/elastic-apache.log', 'combined'],
    ['combined/almhuette-extra-field.log', 'combined'],
    ['combined/secrepo-trailing-space.log', 'combined'],
    ['combined/ocatak-netsparker-wrapped-crlf.log', 'combined'],
    ['combined/ocatak-w3af-mixed.log', 'combined'],
    ['combined/honeynet-odd-requests.log', 'combined'],
    ['common/tomcat-banner.log', 'common'],
    ['cloudfront/aws-log-parser_cloudfront-multiple.log', 'cloudfront'],
    ['cloudfront/node-cloudfront-log-parser_web-1-0.txt', 'cloudfront'],
    ['cloudfront/cf-access-log-sample_SYNTHETIC-headerless-crlf.log', 'cloudfront'],
    ['alb/aws-log-parser_alb-entries.log', 'alb'],
    ['waf/test_waf_log.jsonl', 'waf'],
    ['waf/aws-log-parser_waf_log_pretty.json', 'waf'],
  ])('%s → %s', (file, format) => {
    expect(detectFormat(firstLines(file))).toBe(format);
  });

  test('vhost_combined', () => {
    expect(detectFormat(['www.example.com:80 1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"'])).toBe('vhost-combined');
  });

  test('the netnea extended format is not guessed: it needs --log-format', () => {
    expect(detectFormat(firstLines('custom/netnea-tutorial-5.log'))).toBeNull();
  });

  test('a few garbage lines among real ones still detect; mostly garbage does not', () => {
    const real = firstLines('combined/elastic-apache.log').slice(0, 6);
    expect(detectFormat(['garbage', 'more garbage', ...real])).toBe('combined');
    expect(detectFormat(['garbage', 'more garbage', 'and more', real[0] as string])).toBeNull();
  });

  test('a long run of garbage before the log: the window slides on to the log; a few log lines at the end of garbage do not decide', () => {
    const real = firstLines('combined/elastic-apache.log');
    const garbage = Array.from({ length: 57 }, (_, i) => `garbage line ${i}`);
    expect(detectFormat([...garbage, ...real.slice(0, 12)])).toBe('combined');
    expect(detectFormat([...garbage, ...real.slice(0, 5)])).toBeNull();
    // Past DETECT_MAX_LINES content lines detection gives up.
    expect(detectFormat([...Array.from({ length: 1000 }, (_, i) => `garbage ${i}`), ...real])).toBeNull();
  });

  test('CloudFront: a header with no record after it is a log (an hour without requests); a README quoting a header and one line is not', () => {
    const log = firstLines('cloudfront/aws-log-parser_cloudfront-multiple.log');
    const header = log.filter((text) => text.startsWith('#'));
    expect(header.some((text) => text.startsWith('#Fields:'))).toBe(true);
    expect(detectFormat(header)).toBe('cloudfront');
    // Prose around a quoted header and one sample record, as aws-format-samples' SOURCE.md has it:
    // the header used to settle it, and the file was read as a CloudFront log of 1 record and 21 malformed lines.
    const prose = Array.from({ length: 12 }, (_, i) => `| sample ${i} | notes on the columns of this format |`);
    const record = log.find((text) => !text.startsWith('#'))!;
    expect(detectFormat(['# AWS log samples', ...prose, '## cloudfront/', ...header, record, ...prose])).toBeNull();
  });

  test.skipIf(!existsSync(AWS_SOURCE))('the real README of the AWS format samples is no log', () => {
    expect(detectFormat(readFileSync(AWS_SOURCE, 'utf8').split('\n'))).toBeNull();
  });

  test('nothing to go on → null', () => {
    expect(detectFormat([])).toBeNull();
    expect(detectFormat(['', '   '])).toBeNull();
    expect(detectFormat(['hello world', '{"level":"info"}'])).toBeNull();
  });
});

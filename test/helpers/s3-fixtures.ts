// Gzipped CloudFront and ALB log objects named as AWS names them, made from the fixture logs with
// their dates moved to the date in the key, for the S3 tests.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LOGS = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const CLOUDFRONT = readFileSync(`${LOGS}cloudfront/aws-log-parser_cloudfront-multiple.log`, 'utf8');
const ALB = readFileSync(`${LOGS}alb/aws-log-parser_alb-entries.log`, 'utf8');

/** Records per object. */
export const CLOUDFRONT_RECORDS = 6;
export const ALB_RECORDS = 12;

export interface S3Fixture {
  key: string;
  body: Buffer;
}

/** `E2EXAMPLE.2026-11-18-05.<id>.gz` with the 6 CloudFront records dated that hour; `extra` lines are appended. */
export function cloudFrontObject(prefix: string, date: string, hour: string, id: string, extra: string[] = []): S3Fixture {
  const text = CLOUDFRONT.replace(/^\d{4}-\d{2}-\d{2}\t\d{2}:/gm, `${date}\t${hour}:`) + extra.map((line) => `${line}\n`).join('');
  return { key: `${prefix}E2EXAMPLE.${date}-${hour}.${id}.gz`, body: gzipSync(text) };
}

/** An ALB object under AWSLogs/…/YYYY/MM/DD/ whose 12 records are dated that day and hour. */
export function albObject(prefix: string, date: string, hour: string): S3Fixture {
  const [year, month, day] = date.split('-');
  const stamp = `${year}${month}${day}T${hour}05Z`;
  const key = `${prefix}AWSLogs/123456789012/elasticloadbalancing/us-east-1/${year}/${month}/${day}/` +
    `123456789012_elasticloadbalancing_us-east-1_app.my-lb.50dc6c495c0c9188_${stamp}_10.0.0.1_2kqxo5pm.log.gz`;
  return { key, body: gzipSync(ALB.replace(/\d{4}-\d{2}-\d{2}T\d{2}:/g, `${date}T${hour}:`)) };
}

/** A gzip object whose deflate data is overwritten after its first bytes: Z_DATA_ERROR when read. */
export function corruptObject(key: string): S3Fixture {
  const body = cloudFrontObject('', '2026-11-18', '06', 'corrupt').body;
  body.fill(0xff, 20, 80);
  return { key, body };
}

/** `count` one-record CloudFront objects of one distribution, one an hour from 2026-10-01 on. */
export function manyCloudFrontObjects(prefix: string, count: number, distribution = 'E2EXAMPLE'): S3Fixture[] {
  const header = CLOUDFRONT.split('\n').slice(0, 3).join('\n');
  return Array.from({ length: count }, (_, i) => {
    const iso = new Date(Date.UTC(2026, 9, 1) + i * 3_600_000).toISOString();
    const [date, hour] = [iso.slice(0, 10), iso.slice(11, 13)];
    const text = `${header}\n`.replace(/^\d{4}-\d{2}-\d{2}\t\d{2}:/gm, `${date}\t${hour}:`);
    return { key: `${prefix}${distribution}.${date}-${hour}.${String(i).padStart(5, '0')}.gz`, body: gzipSync(text) };
  });
}

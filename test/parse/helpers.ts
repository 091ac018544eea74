// Shared by the parse tests: fixture locations and a collector for LogStreams.
import { fileURLToPath } from 'node:url';
import { readLogs, type IngestSummary, type ReadLogsOptions } from '../../src/parse/read-logs.js';
import type { InputError } from '../../src/errors.js';
import type { LogRecord } from '../../src/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));

/** ../shared/data next to the repository root, where CI puts the real data sets. */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export async function collect(
  paths: readonly string[],
  options: ReadLogsOptions = {},
): Promise<{ records: LogRecord[]; summary: IngestSummary; batches: number }> {
  const stream = readLogs(paths, options);
  const records: LogRecord[] = [];
  let batches = 0;
  for await (const batch of stream) {
    batches++;
    for (const record of batch) records.push(record);
  }
  return { records, summary: stream.summary, batches };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected a rejection');
}

/** The netnea "extended" LogFormat from ../shared/data/netnea-tutorial-logs/SOURCE.md, on one line. */
export const NETNEA_FORMAT =
  '%h %{GEOIP_COUNTRY_CODE}e %u [%{%Y-%m-%d %H:%M:%S}t.%{usec_frac}t] \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\" ' +
  '\\"%{Content-Type}i\\" %{remote}p %v %A %p %R %{BALANCER_WORKER_ROUTE}e %X \\"%{cookie}n\\" %{UNIQUE_ID}e %{SSL_PROTOCOL}x ' +
  '%{SSL_CIPHER}x %I %O %{ratio}n%% %D %{ModSecTimeIn}e %{ApplicationTime}e %{ModSecTimeOut}e %{ModSecAnomalyScoreInPLs}e ' +
  '%{ModSecAnomalyScoreOutPLs}e %{ModSecAnomalyScoreIn}e %{ModSecAnomalyScoreOut}e';

// Reads that fan out over every map job of a scan: a day of CloudFront objects is thousands of jobs,
// and a Promise.all over all of them opened every summary file at once (EMFILE under the usual limit
// of 1,024 open files) or queued thousands of S3 requests. At most `limit` run at a time here.

/**
 * `read(item)` of every item, in the items' order, with at most `limit` of them pending at once. The
 * first read to fail rejects the whole, and no read starts after it.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, read: (item: T) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`mapBounded needs a limit of at least 1, not ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const at = next++;
      try {
        results[at] = await read(items[at]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

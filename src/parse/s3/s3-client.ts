// One S3 client per run, configured the way the AWS CLI is: credentials and region from the standard
// chain (environment, profile, instance role), --region and --endpoint-url when given.
import { S3Client } from '@aws-sdk/client-s3';
import { UsageError } from '../../errors.js';

export interface S3ClientOptions {
  /** An S3-compatible store (MinIO, Ceph, a local test server): path-style addressing. */
  endpointUrl?: string;
  /** Default: the standard chain (AWS_REGION, the profile), else us-east-1. */
  region?: string;
}

/** A connection that cannot be made in this time is an unreachable endpoint, not a slow one. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A socket idle this long is dead; generous, because a large object is read only as fast as it is parsed. */
const IDLE_TIMEOUT_MS = 120_000;

export async function createS3Client(options: S3ClientOptions): Promise<S3Client> {
  const { endpointUrl } = options;
  if (endpointUrl !== undefined && !/^https?:\/\/[^/]/.test(endpointUrl)) {
    throw new UsageError(`--endpoint-url ${endpointUrl} is not an http(s) URL`, { hint: 'e.g. --endpoint-url http://127.0.0.1:9000' });
  }
  return new S3Client({
    region: options.region ?? (await chainRegion()) ?? 'us-east-1',
    ...(endpointUrl !== undefined && { endpoint: endpointUrl, forcePathStyle: true }),
    // Like the AWS CLI, a bucket in another region is found through S3's redirect instead of failing.
    followRegionRedirects: true,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: IDLE_TIMEOUT_MS },
  });
}

/** The region the SDK's own chain finds, or undefined: a cron job often has neither AWS_REGION nor a profile. */
async function chainRegion(): Promise<string | undefined> {
  const probe = new S3Client({});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

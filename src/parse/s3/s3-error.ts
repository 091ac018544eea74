// What an S3 failure means for the user, in one line with a hint: no credentials, access denied, no
// such bucket, an unreachable endpoint. Everything here is an InputError (exit 3): the logs cannot be
// read, or a distributed scan's partials cannot be written or read (distributed/store/s3-store.ts).
import { InputError, InterruptedError, type SemlogError } from '../../errors.js';
import { s3Uri } from './s3-uri.js';

/** The IAM action a request needs: what an access-denied error tells the user to allow. */
export type S3Action = 's3:ListBucket' | 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

export interface S3ErrorContext {
  bucket: string;
  /** The prefix listed, or the key read or written. */
  key: string;
  action: S3Action;
  /** Where the user finds a least-privilege policy for this request; default the README's nightly job. */
  policy?: string;
  endpointUrl?: string;
  signal?: AbortSignal;
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** What a request does, in messages: listing a prefix reads it. */
const VERBS: Record<S3Action, [verb: string, doing: string]> = {
  's3:ListBucket': ['read', 'reading'],
  's3:GetObject': ['read', 'reading'],
  's3:PutObject': ['write', 'writing'],
  's3:DeleteObject': ['delete', 'deleting'],
};
const BAD_CREDENTIALS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'ExpiredTokenException']);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError']);

/** The SemlogError for an SDK error; `NoSuchKey` (an object deleted since the listing) is left to the caller. */
export function s3Error(error: unknown, context: S3ErrorContext): SemlogError | null {
  if (context.signal?.aborted) return new InterruptedError({ cause: error });
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const where = s3Uri(context.bucket, context.key);
  const [verb, doing] = VERBS[context.action];
  const options = (hint: string) => ({ hint, cause: error });
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) {
    return new InputError('SEMLOG_S3_NO_CREDENTIALS', `no AWS credentials found to ${verb} ${where}`, options(
      'set AWS_PROFILE (a profile in ~/.aws), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role applies',
    ));
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new InputError('SEMLOG_S3_BAD_CREDENTIALS', `the AWS credentials were rejected ${doing} ${where} (${name})`, options(
      'check the access key and secret, or refresh the session token (aws sts get-caller-identity shows which identity is used)',
    ));
  }
  if (name === 'AccessDenied' || name === 'AllAccessDisabled' || status === 403) {
    const resource = context.action === 's3:ListBucket' ? `arn:aws:s3:::${context.bucket} (prefix ${context.key || '*'})` : `arn:aws:s3:::${context.bucket}/${context.key}`;
    return new InputError('SEMLOG_S3_ACCESS_DENIED', `access denied to ${where}: ${context.action} is not allowed`, options(
      `allow ${context.action} on ${resource} (${context.policy ?? 'README "Nightly job"'} has a least-privilege policy)`,
    ));
  }
  if (name === 'NoSuchBucket') {
    return new InputError('SEMLOG_S3_NO_SUCH_BUCKET', `bucket ${context.bucket} does not exist`, options(
      context.endpointUrl === undefined ? 'check the bucket name in the s3:// URI' : `check the bucket name, and that ${context.endpointUrl} is the right store`,
    ));
  }
  if (name === 'NoSuchKey') return null;
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') {
    return new InputError('SEMLOG_S3_WRONG_REGION', `bucket ${context.bucket} is in another region (${name})`, options('pass --region with the bucket\'s region'));
  }
  const code = e.code ?? name;
  if (NETWORK.has(code) || NETWORK.has(name)) {
    return new InputError('SEMLOG_S3_UNREACHABLE', `cannot reach S3${context.endpointUrl === undefined ? '' : ` at ${context.endpointUrl}`} to ${verb} ${where} (${code})`, options(
      context.endpointUrl === undefined ? 'check the network, proxy and DNS of this host' : 'check --endpoint-url, and that the store is running',
    ));
  }
  if (/Region is missing/i.test(e.message ?? '')) {
    return new InputError('SEMLOG_S3_NO_REGION', 'no AWS region is configured', options('pass --region, or set AWS_REGION'));
  }
  const detail = status === undefined ? `${name || 'Error'}: ${e.message ?? ''}` : `HTTP ${status} ${name}`;
  return new InputError('SEMLOG_S3_FAILED', `cannot ${verb} ${where}: ${detail.trim()}`, options('rerun with --debug for the details'));
}

// A real S3-compatible server on loopback for the tests (s3rver, in its own process), a client for
// seeding it, and the environment a spawned semlog needs to reach it without touching real AWS.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

// Seeding the server loads the SDK in the test process too; its Node-support notice is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const SCRIPT = fileURLToPath(new URL('./s3rver-process.cjs', import.meta.url));

/** s3rver's built-in account. */
export const S3RVER_KEY = 'S3RVER';

export interface S3Server {
  endpoint: string;
  client: S3Client;
  createBucket(bucket: string): Promise<void>;
  /** Puts many objects, `parallel` at a time. */
  putObjects(bucket: string, objects: ReadonlyArray<{ key: string; body: Buffer | string }>, parallel?: number): Promise<void>;
  /** The keys under a prefix, sorted (up to 1,000). */
  keys(bucket: string, prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startS3Server(): Promise<S3Server> {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', SCRIPT, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.on('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${stderr}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
  });
  return {
    endpoint,
    client,
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async putObjects(bucket, objects, parallel = 32) {
      for (let i = 0; i < objects.length; i += parallel) {
        await Promise.all(objects.slice(i, i + parallel).map(({ key, body }) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))));
      }
    },
    async keys(bucket, prefix) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (page.Contents ?? []).map((object) => object.Key!).sort();
    },
    async close() {
      client.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let emptyHome: string | undefined;

/** The environment of a spawned semlog: s3rver's keys, no real AWS configuration, no metadata endpoint. */
export function awsTestEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value;
  const home = (emptyHome ??= mkdtempSync(join(tmpdir(), 'semlog-aws-home-')));
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    // Never wait for an instance-metadata endpoint that is not there.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: S3RVER_KEY,
    AWS_SECRET_ACCESS_KEY: S3RVER_KEY,
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

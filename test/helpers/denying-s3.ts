// A minimal S3 endpoint that refuses with AccessDenied, as S3 does for a role without the permission:
// either every request, or only GetObject (the listing shows one object), or answers NoSuchKey. The real SDK parses its
// answers, so the tests see the error exactly as users of a real bucket would.

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>0A1B2C</RequestId></Error>`;

function listing(key: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    '<Name>logs</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>' +
    `<Contents><Key>${key}</Key><LastModified>2026-11-18T06:00:00.000Z</LastModified><ETag>"0"</ETag><Size>100</Size><StorageClass>STANDARD</StorageClass></Contents>` +
    '</ListBucketResult>';
}

export interface DenyingS3 {
  endpoint: string;
  /** Request paths seen, e.g. `/logs/?list-type=2…`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * `allowList`: answer the listing with that key, and deny reading it; with `vanished`, answer
 * NoSuchKey instead, as S3 does for an object deleted since the listing.
 */
export async function startDenyingS3(options: { allowList?: string; vanished?: boolean } = {}): Promise<DenyingS3> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    req.resume();
    const isList = /[?&]list-type=2/.test(req.url ?? '');
    if (isList && options.allowList !== undefined) {
      res.writeHead(200, { 'content-type': 'application/xml' }).end(listing(options.allowList));
      return;
    }
    if (isList || !options.vanished) res.writeHead(403, { 'content-type': 'application/xml' }).end(errorXml('AccessDenied', 'Access Denied'));
    else res.writeHead(404, { 'content-type': 'application/xml' }).end(errorXml('NoSuchKey', 'The specified key does not exist.'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

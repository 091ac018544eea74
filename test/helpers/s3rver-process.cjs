// Runs s3rver (a fake S3 server) on 127.0.0.1, an ephemeral port, in the folder given as argv[2];
// prints {"port":N} once it listens and stops on SIGTERM. Started by s3-server.ts with
// --openssl-legacy-provider: s3rver encrypts its continuation tokens with DES, which OpenSSL 3 keeps
// in the legacy provider, and without it every listing past the first 1,000 keys fails.
'use strict';
const S3rver = require('s3rver');

const server = new S3rver({ address: '127.0.0.1', port: 0, directory: process.argv[2], silent: true });
server.run().then(
  ({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));

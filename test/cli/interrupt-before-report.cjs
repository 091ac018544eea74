// Preload (node --require) that sends the CLI a SIGTERM at the moment the analysis is done and the
// report not yet written: when the CLI erases its progress line (with --progress, the erase written
// right before the reports). A real signal from outside semlog, at a moment picked by an event.

if (require('node:worker_threads').isMainThread) {
  const write = process.stderr.write;
  process.stderr.write = function (chunk, ...rest) {
    if (chunk === '\r\u001b[K') {
      process.stderr.write = write;
      process.kill(process.pid, 'SIGTERM');
    }
    return write.call(this, chunk, ...rest);
  };
}

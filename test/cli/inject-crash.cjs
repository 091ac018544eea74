// Preload (node --require) that makes the CLI's threads fail the ways real ones can, to test how the
// CLI and the worker pool cope. SEMLOG_TEST_CRASH picks the way:
//
//   main   the main thread throws from a callback outside any promise (a bug) when it first writes
//          to stdout, i.e. after the scan, with no worker busy
//   boot   every worker throws while it starts, before it can take a task
//   exit   one worker calls process.exit(70) while its model call is under way
//   throw  one worker throws outside its task while its model call is under way (uncaught)
//   oom    one worker fills its JS heap while its model call is under way (run node with a small
//          --max-old-space-size so that this takes a moment)
//   nan    every model call returns NaN hidden states, as a model overflowing in float16 does
//   hold   every model call waits until the main thread has received SIGINT or SIGTERM (it creates the
//          file SEMLOG_TEST_CRASH_MARK); the first call prints "semlog-test: embedding held" on stderr,
//          so a test can signal a scan that is certainly mid-embedding, however fast or slow the machine
//   swap   the main thread is killed (SIGKILL) when it renames a finished temporary folder into place,
//          i.e. after `train -o` moved the old baseline aside and before the new one is in
//
// "One worker": the first to create the file SEMLOG_TEST_CRASH_MARK, at its third model call, so
// that the other workers are inside onnxruntime when it dies. The file proves the crash happened.

const { closeSync, openSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const mode = process.env.SEMLOG_TEST_CRASH;
if (isMainThread && mode === 'main') {
  const write = process.stdout.write;
  process.stdout.write = function (...args) {
    process.stdout.write = write;
    setImmediate(() => {
      throw new Error('injected bug');
    });
    return write.apply(this, args);
  };
}
if (isMainThread && mode === 'swap') {
  const fs = require('node:fs');
  const rename = fs.renameSync;
  fs.renameSync = function (from, to) {
    if (String(from).endsWith('.tmp') && fs.statSync(from).isDirectory()) process.kill(process.pid, 'SIGKILL');
    return rename.call(this, from, to);
  };
  // The ESM `import { renameSync } from 'node:fs'` bindings see the patch only after this.
  require('node:module').syncBuiltinESMExports();
}
if (isMainThread && mode === 'hold') {
  // `once`, so that the CLI's own second-signal handling, which re-raises the signal, still ends the process.
  for (const name of ['SIGINT', 'SIGTERM']) process.once(name, () => closeSync(openSync(process.env.SEMLOG_TEST_CRASH_MARK, 'a')));
}
if (!isMainThread && mode === 'hold') {
  const { existsSync } = require('node:fs');
  const { InferenceSession } = require('onnxruntime-node');
  const run = InferenceSession.prototype.run;
  let announced = false;
  InferenceSession.prototype.run = async function (...args) {
    if (!announced) {
      announced = true;
      process.stderr.write('semlog-test: embedding held\n');
    }
    await new Promise((resolve) => {
      const poll = setInterval(() => existsSync(process.env.SEMLOG_TEST_CRASH_MARK) && (clearInterval(poll), resolve()), 10);
    });
    return run.apply(this, args);
  };
}
if (!isMainThread && mode === 'boot') throw new Error('injected start-up failure');
if (!isMainThread && ['exit', 'throw', 'oom'].includes(mode)) {
  const { InferenceSession } = require('onnxruntime-node');
  const run = InferenceSession.prototype.run;
  let calls = 0;
  InferenceSession.prototype.run = function (...args) {
    const pending = run.apply(this, args);
    if (++calls === 3 && claimCrash()) setImmediate(crash);
    return pending;
  };
}

if (!isMainThread && mode === 'nan') {
  const { InferenceSession } = require('onnxruntime-node');
  const run = InferenceSession.prototype.run;
  InferenceSession.prototype.run = async function (...args) {
    const result = await run.apply(this, args);
    for (const tensor of Object.values(result)) if (tensor.data instanceof Float32Array) tensor.data.fill(NaN);
    return result;
  };
}

function crash() {
  if (mode === 'exit') process.exit(70);
  if (mode === 'throw') throw new Error('injected crash');
  if (mode === 'oom') {
    const hoard = [];
    for (;;) hoard.push(new Array(100_000).fill({}));
  }
}

function claimCrash() {
  try {
    closeSync(openSync(process.env.SEMLOG_TEST_CRASH_MARK, 'wx'));
    return true;
  } catch {
    return false;
  }
}

// Preload (node --require) for `semlog worker` in the distributed tests: makes the last step of a map
// job, renaming its records file into the store, go wrong the ways a real host can. SEMLOG_TEST_MAP_FAULT:
//
//   hold   the rename never completes, and "semlog-test: map job held" is printed on stderr first: the
//          worker is certainly in the middle of a job when the test kills it
//   fail   the rename fails with EACCES, every time (a store this host cannot write)

const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');

const mode = process.env.SEMLOG_TEST_MAP_FAULT;
const rename = fs.promises.rename;
fs.promises.rename = function (from, to) {
  if (String(to).endsWith('.records')) {
    if (mode === 'hold') {
      process.stderr.write('semlog-test: map job held\n');
      return new Promise(() => {});
    }
    if (mode === 'fail') {
      const error = new Error(`EACCES: permission denied, rename '${from}' -> '${to}'`);
      error.code = 'EACCES';
      return Promise.reject(error);
    }
  }
  return rename.apply(this, arguments);
};
// The ESM view of node:fs/promises (what semlog imports) follows the patched object.
syncBuiltinESMExports();

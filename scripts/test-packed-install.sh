#!/usr/bin/env bash
# Installs semlog the way a user does (npm pack → npm install -g with the README's command, from the
# npm registry only, into a temporary prefix) and scans a real log with the network cut off
# (unshare -n), so that a dependency that downloads at install or at run time fails here first.
# .ci/run calls it after npm test. Without unshare -n it says so, runs the scan with the network,
# and fails under CI=true.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/semlog-packed-XXXXXX")"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "test-packed-install: FAILED: $*" >&2
  exit 1
}

prefix=()
if unshare -n true 2>/dev/null; then
  prefix=(unshare -n)
else
  echo "test-packed-install: ***************************************************************" >&2
  echo "test-packed-install: unshare -n is not available here (needs root or user namespaces):" >&2
  echo "test-packed-install: the scan runs WITH the network, so a download at run time goes unseen." >&2
  echo "test-packed-install: ***************************************************************" >&2
  [[ "${CI:-}" == "true" ]] && fail "CI=true needs unshare -n to prove the installed semlog runs offline"
fi

version="$(node -p "require('$root/package.json').version")"
(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$work/semlog-$version.tgz"
[[ -f "$tarball" ]] || fail "npm pack did not write $tarball"

# A user's npm config, not this machine's: only the registry (a mirror may be needed to reach it) and
# the package cache (it saves downloads, and changes nothing about what runs) are carried over; a
# nodedir or onnxruntime setting in ~/.npmrc would hide a step the README must name.
printf 'registry=%s\ncache=%s\n' "$(npm config get registry)" "$(npm config get cache)" >"$work/npmrc"
mkdir -p "$work/home"
echo "test-packed-install: npm install -g $tarball (README's command)"
# Run from the temporary folder, so that the repo's .npmrc is not read either.
(
  cd "$work"
  export NPM_CONFIG_USERCONFIG="$work/npmrc" HOME="$work/home"
  # The command the README gives, word for word but for --prefix and the tarball's path.
  ONNXRUNTIME_NODE_INSTALL=skip npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")" \
    npm install -g --prefix "$work/prefix" "$tarball"
) >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "npm install -g of the packed tarball"; }

bin="$work/prefix/bin/semlog"
[[ -x "$bin" ]] || fail "no $bin after the install"

log="$root/../shared/data/elastic-apache-logs/apache_logs.log"
expected=10000
if [[ ! -f "$log" ]]; then
  # A clone without the shared data: the fixture is a real slice of the same log (test/fixtures/cli/README.md).
  echo "test-packed-install: $log is missing; scanning the 300-line fixture instead" >&2
  log="$root/test/fixtures/cli/elastic-apache-300.log"
  expected=300
fi

cd "$work"
code=0
HOME="$work/home" XDG_CACHE_HOME="$work/cache" "${prefix[@]}" "$bin" scan "$log" --output json --out "$work/report.json" 2>"$work/scan.err" || code=$?
[[ "$code" == 0 ]] || { cat "$work/scan.err" >&2; fail "semlog scan exited $code"; }
[[ ! -s "$work/scan.err" ]] || { cat "$work/scan.err" >&2; fail "semlog scan printed on stderr"; }
records="$(node -p "require('$work/report.json').summary.records")"
[[ "$records" == "$expected" ]] || fail "the report has $records records, not $expected"
[[ "$("${prefix[@]}" "$bin" --version)" == "$version" ]] || fail "semlog --version is not $version"
# The distributed commands load BullMQ and ioredis: with no Redis (and no network) a worker must say so
# and exit 4, not fail to load a module.
code=0
"${prefix[@]}" "$bin" worker redis://127.0.0.1:9 2>"$work/worker.err" || code=$?
[[ "$code" == 4 ]] && grep -q 'cannot reach Redis' "$work/worker.err" || { cat "$work/worker.err" >&2; fail "semlog worker with no Redis exited $code, not 4"; }
echo "test-packed-install: ok: installed semlog $version scanned $records records of $(basename "$log")${prefix:+ with no network}"

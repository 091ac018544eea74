#!/usr/bin/env bash
# Runs every benchmark, each writing results.md + results.json next to it, then renders
# docs/benchmarks.md and the README's headline from them. Not part of npm test.
#
#   npm run bench                      # the full suite: about an hour on 2 cores
#   npm run build && bash bench/run-all.sh --quick
#                                      # tiny inputs, no raw-line DBSCAN, a few minutes; results,
#                                      # page and headline go to bench/work/quick/ (nothing committed changes)
#
# bench/scan/detection-cost.ts compares with an older build and is run by hand (see its header).
# Needs ../shared/data, GoAccess 1.7 (Debian package goaccess), GNU time (/usr/bin/time), and
# Python 3.11 with bench/baselines/requirements.txt for the seed baselines.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--quick" ]]; then export SEMLOG_BENCH_QUICK=1; fi
# Every results file records the run it belongs to; the page says which sections are not from this run.
SEMLOG_BENCH_RUN="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export SEMLOG_BENCH_RUN
npx vitest run --config bench/vitest.bench.config.ts bench/parse/parse
npx tsx bench/embed/embed.bench.ts
npx tsx bench/scan/scan.bench.ts
npx tsx bench/scan/scan.bench.ts --all-sites
npx tsx bench/scale/scale.bench.ts
# Needs /usr/bin/redis-server (Debian package redis-server).
npx tsx bench/scale/distributed.bench.ts
npx tsx bench/quality/report.ts
npx tsx bench/watch/watch.bench.ts
npx tsx bench/watch/watch.bench.ts --baseline
npx tsx bench/quality/csic.ts
npx tsx bench/quality/detection-report.ts
npx tsx bench/quality/ablation.ts
npx tsx bench/report/write-benchmarks-page.ts

#!/usr/bin/env bash
# Runs every benchmark and rewrites its results file next to it. Needs ../shared/data, GoAccess 1.7
# (Debian package goaccess) for bench/scan, and Python 3.11 with bench/baselines/requirements.txt for
# the seed baselines of bench/quality. Takes about an hour on 2 cores; not part of npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
npx vitest run --config bench/vitest.bench.config.ts bench/parse/parse
npx tsx bench/embed/embed.bench.ts --texts 2000
npx tsx bench/scan/scan.bench.ts --lines 200000
npx tsx bench/quality/report.ts
npx tsx bench/quality/csic.ts

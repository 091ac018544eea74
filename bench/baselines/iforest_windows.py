#!/usr/bin/env python3
"""Baseline (c): Isolation Forest over 5-minute window aggregates (seed 002).

Records are bucketed into 5-minute windows aligned to the epoch (UTC), like pandas'
resample("5min"). Each non-empty window becomes one row (--keep-empty-windows also
scores the empty ones in between, as resample() would produce them):

    request_count, unique_ips, error_rate (status >= 400), rate_5xx (status >= 500),
    mean_latency (only if the log carries a time-taken field), bytes_sent (sum)

The rows are standardised (StandardScaler) and scored with
IsolationForest(n_estimators=100, contamination=0.1, random_state=0); windows predicted
-1 are anomalous. For line-level comparison every line that falls in an anomalous window
is a flagged line. Each anomalous window also gets the seed's rule-of-thumb type label.

    python3 bench/baselines/iforest_windows.py LOGFILE --out RESULT.json
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse
import os
import sys
from collections import defaultdict
from datetime import datetime, timezone

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from access_log import parse_file, peak_rss_mb, write_result  # noqa: E402

WINDOW_SECONDS = 300
CONTAMINATION = 0.1
N_ESTIMATORS = 100
RANDOM_STATE = 0


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def anomaly_type(row: dict, p90: dict, p10_ips: float) -> str:
    """The seed's ordered rules; its unspecified thresholds are the 90th/10th percentiles
    of the window population here."""
    if row["error_rate"] > 0.1:
        return "error_spike"
    if "mean_latency" in row and row["mean_latency"] > p90["mean_latency"]:
        return "performance_degradation"
    if row["request_count"] > p90["request_count"]:
        return "traffic_spike"
    if row["unique_ips"] < p10_ips:
        return "bot_traffic"
    return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("logfile")
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep-empty-windows", action="store_true",
                    help="also score the empty 5-minute windows between the first and last "
                         "record (what pandas resample() yields; rates/latency filled with 0); "
                         "default: only windows that contain records")
    args = ap.parse_args()

    t = time.perf_counter()
    parsed = parse_file(args.logfile)
    records = [r for r in parsed.records if r.ts is not None]
    t_parse = time.perf_counter() - t

    t = time.perf_counter()
    has_latency = any(r.time_taken is not None for r in records)
    buckets: dict[int, list] = defaultdict(list)
    for r in records:
        buckets[int(r.ts // WINDOW_SECONDS)].append(r)
    keys = sorted(buckets)
    n_empty = (keys[-1] - keys[0] + 1 - len(keys)) if keys else 0
    if args.keep_empty_windows and keys:
        keys = list(range(keys[0], keys[-1] + 1))
    names = ["request_count", "unique_ips", "error_rate", "rate_5xx"]
    if has_latency:
        names.append("mean_latency")
    names.append("bytes_sent")
    rows = []
    for k in keys:
        rs = buckets.get(k, [])
        n = len(rs)
        if n == 0:
            rows.append({c: (0 if c in ("request_count", "unique_ips", "bytes_sent") else 0.0)
                         for c in names})
            continue
        row = {
            "request_count": n,
            "unique_ips": len({r.ip for r in rs}),
            "error_rate": sum(1 for r in rs if (r.status or 0) >= 400) / n,
            "rate_5xx": sum(1 for r in rs if (r.status or 0) >= 500) / n,
        }
        if has_latency:
            lat = [r.time_taken for r in rs if r.time_taken is not None]
            row["mean_latency"] = float(np.mean(lat)) if lat else 0.0
        row["bytes_sent"] = sum(r.bytes for r in rs)
        rows.append(row)
    X = np.array([[row[c] for c in names] for row in rows], dtype=np.float64)
    t_windows = time.perf_counter() - t

    t = time.perf_counter()
    windows_out = []
    flagged_lines: list[int] = []
    if len(rows) >= 2:
        Xs = StandardScaler().fit_transform(X)
        forest = IsolationForest(n_estimators=N_ESTIMATORS, contamination=CONTAMINATION,
                                 random_state=RANDOM_STATE)
        pred = forest.fit_predict(Xs)
        # decision_function < 0 <=> predicted anomalous; more negative = more anomalous.
        score = -forest.decision_function(Xs)
        p90 = {c: float(np.percentile(X[:, i], 90)) for i, c in enumerate(names)}
        p10_ips = float(np.percentile(X[:, names.index("unique_ips")], 10))
        for i in sorted(np.flatnonzero(pred == -1), key=lambda i: (-score[i], keys[i])):
            k = keys[i]
            lines = sorted(r.line for r in buckets.get(k, []))
            flagged_lines.extend(lines)
            windows_out.append({
                "start": iso(k * WINDOW_SECONDS), "end": iso((k + 1) * WINDOW_SECONDS),
                "score": round(float(score[i]), 6),
                "type": anomaly_type(rows[i], p90, p10_ips),
                **{c: (round(v, 6) if isinstance(v, float) else v) for c, v in rows[i].items()},
                "n_lines": len(lines), "first_line": lines[0] if lines else None,
                "last_line": lines[-1] if lines else None,
            })
    flagged_lines.sort()
    t_model = time.perf_counter() - t

    result = {
        "method": "iforest_windows",
        "input": os.path.abspath(args.logfile),
        "records": len(records),
        "seconds": round(time.perf_counter() - T0, 3),
        "stage_seconds": {"parse": round(t_parse, 3), "windows": round(t_windows, 3),
                          "model": round(t_model, 3)},
        "peak_rss_mb": peak_rss_mb(),
        "parse": parsed.stats(),
        "params": {"window_seconds": WINDOW_SECONDS, "features": names,
                   "contamination": CONTAMINATION, "n_estimators": N_ESTIMATORS,
                   "random_state": RANDOM_STATE, "scaler": "StandardScaler",
                   "keep_empty_windows": bool(args.keep_empty_windows)},
        "n_windows": len(rows),
        "n_empty_windows": n_empty,
        "empty_windows_scored": bool(args.keep_empty_windows),
        "n_anomalous_windows": len(windows_out),
        "flagged_lines": flagged_lines,
        "ips": [],
        "windows": windows_out,
    }
    write_result(args.out, result)
    print(f"iforest_windows: {len(records)} records, {len(rows)} windows, "
          f"{len(windows_out)} anomalous, {len(flagged_lines)} flagged lines, "
          f"{result['seconds']}s, peak RSS {result['peak_rss_mb']} MB", file=sys.stderr)


if __name__ == "__main__":
    main()

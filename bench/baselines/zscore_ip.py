#!/usr/bin/env python3
"""Baseline (a): per-IP z-score outliers (seed 000), on Apache combined/common logs.

One feature row per client IP; heavy-tailed features go through log1p; every feature
column gets a population z-score (ddof=0) over all IPs; an IP is flagged when any
z-score is above 3, or when it touched fewer than 3 distinct URI stems (the seed's
low_uri_variety rule, which is a flag on its own). Flagged IPs are ranked by the seed's
fixed weighted score:

    score = sum(|z|) over request_count, unique_uris, error_count,
                          avg_time_taken (if present), request_rate
            + 3 * |z(repetition_ratio)|
            + 2 * |z(max_cookie_reuse)|   (if present)
            + 2 * low_uri_variety

Every line of a flagged IP is a flagged line. See README.md for deviations.

    python3 bench/baselines/zscore_ip.py LOGFILE --out RESULT.json
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse
import ipaddress
import os
import sys
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from access_log import parse_file, peak_rss_mb, write_result  # noqa: E402

Z_THRESHOLD = 3.0
LOW_VARIETY_BELOW = 3          # fewer than this many distinct URI stems -> low_uri_variety
LOG1P = {"request_count", "request_rate", "repetition_ratio", "max_cookie_reuse"}
UNIT_WEIGHT = ["request_count", "unique_uris", "error_count", "avg_time_taken", "request_rate"]
WEIGHTS = {"repetition_ratio": 3.0, "max_cookie_reuse": 2.0}
LOW_VARIETY_WEIGHT = 2.0


def build_features(records):
    """Per-IP feature table. Returns (ips, {name: np.array}, low_variety np.array)."""
    has_time = any(r.time_taken is not None for r in records)
    has_cookie = any(r.cookie for r in records)

    # Cookie reuse: for each cookie value, how many distinct IPs sent it; per IP the max.
    cookie_ips: dict[str, set[str]] = defaultdict(set)
    if has_cookie:
        for r in records:
            if r.cookie and r.cookie != "-":
                cookie_ips[r.cookie].add(r.ip)

    by_ip: dict[str, list] = defaultdict(list)
    for r in records:
        by_ip[r.ip].append(r)
    ips = sorted(by_ip)

    cols: dict[str, list[float]] = defaultdict(list)
    low_variety = []
    for ip in ips:
        rs = by_ip[ip]
        n = len(rs)
        stems = {r.path for r in rs}
        full = {r.full_uri for r in rs}
        cols["request_count"].append(n)
        cols["unique_uris"].append(len(stems))
        cols["error_count"].append(sum(1 for r in rs if (r.status or 0) >= 400))
        if has_time:
            cols["avg_time_taken"].append(float(np.mean([r.time_taken or 0.0 for r in rs])))
        ts = [r.ts for r in rs if r.ts is not None]
        span_min = (max(ts) - min(ts)) / 60.0 if ts else 0.0
        cols["request_rate"].append(n / span_min if span_min > 0 else 0.0)
        cols["repetition_ratio"].append(n / len(full) if full else 0.0)
        if has_cookie:
            cols["max_cookie_reuse"].append(
                max((len(cookie_ips[r.cookie]) for r in rs if r.cookie in cookie_ips), default=1))
        low_variety.append(1 if len(stems) < LOW_VARIETY_BELOW else 0)
    return ips, by_ip, {k: np.asarray(v, dtype=np.float64) for k, v in cols.items()}, \
        np.asarray(low_variety, dtype=np.int64)


def zscores(x: np.ndarray) -> np.ndarray:
    """Population z-score; a constant column gives 0 (the seed fills the NaN with 0)."""
    sd = x.std()  # ddof=0
    if not np.isfinite(sd) or sd == 0:
        return np.zeros_like(x)
    return (x - x.mean()) / sd


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("logfile")
    ap.add_argument("--out", required=True)
    ap.add_argument("--exclude-subnet", action="append", default=[], metavar="CIDR",
                    help="drop client IPs in this network first (the seed drops its own "
                         "internal /24); repeatable; default: none")
    args = ap.parse_args()

    t = time.perf_counter()
    parsed = parse_file(args.logfile)
    records = parsed.records
    excluded = 0
    if args.exclude_subnet:
        nets = [ipaddress.ip_network(c, strict=False) for c in args.exclude_subnet]

        def inside(ip: str) -> bool:
            try:
                a = ipaddress.ip_address(ip)
            except ValueError:
                return False
            return any(a in n for n in nets)
        keep = [r for r in records if not inside(r.ip)]
        excluded = len(records) - len(keep)
        records = keep
    t_parse = time.perf_counter() - t

    t = time.perf_counter()
    ips, by_ip, feats, low_variety = build_features(records)
    t_features = time.perf_counter() - t

    t = time.perf_counter()
    names = list(feats)
    z = {}
    for name in names:
        x = np.log1p(feats[name]) if name in LOG1P else feats[name]
        z[name] = zscores(x)
    score = np.zeros(len(ips))
    for name in names:
        w = 1.0 if name in UNIT_WEIGHT else WEIGHTS[name]
        score += w * np.abs(z[name])
    score += LOW_VARIETY_WEIGHT * low_variety
    z_hit = {name: z[name] > Z_THRESHOLD for name in names}
    any_z = np.zeros(len(ips), dtype=bool)
    for name in names:
        any_z |= z_hit[name]
    flagged = any_z | (low_variety == 1)

    order = sorted(np.flatnonzero(flagged), key=lambda i: (-score[i], ips[i]))
    ranked = []
    flagged_lines: list[int] = []
    for i in order:
        reasons = [n for n in names if z_hit[n][i]]
        if low_variety[i]:
            reasons.append("low_uri_variety")
        ranked.append({
            "ip": ips[i], "score": round(float(score[i]), 4), "requests": len(by_ip[ips[i]]),
            "reasons": reasons,
            "z": {n: round(float(z[n][i]), 3) for n in names},
        })
        flagged_lines.extend(r.line for r in by_ip[ips[i]])
    flagged_lines.sort()
    z_only_lines = sum(len(by_ip[ips[i]]) for i in np.flatnonzero(any_z))
    t_score = time.perf_counter() - t

    feature_hits = {f"{n}_anomalous": int(z_hit[n].sum()) for n in names}
    feature_hits["low_uri_variety_anomalous"] = int(low_variety.sum())
    result = {
        "method": "zscore_ip",
        "input": os.path.abspath(args.logfile),
        "records": len(records),
        "seconds": round(time.perf_counter() - T0, 3),
        "stage_seconds": {"parse": round(t_parse, 3), "features": round(t_features, 3),
                          "score": round(t_score, 3)},
        "peak_rss_mb": peak_rss_mb(),
        "parse": {**parsed.stats(), "excluded_by_subnet": excluded},
        "params": {"z_threshold": Z_THRESHOLD, "low_uri_variety_below": LOW_VARIETY_BELOW,
                   "features": names, "log1p": sorted(LOG1P & set(names)),
                   "exclude_subnet": args.exclude_subnet},
        "n_ips": len(ips),
        "n_flagged_ips": len(ranked),
        "n_flagged_ips_by_z_only": int(any_z.sum()),
        "n_flagged_lines_by_z_only": int(z_only_lines),
        "feature_hits": feature_hits,
        "flagged_lines": flagged_lines,
        "ips": ranked,
    }
    write_result(args.out, result)
    print(f"zscore_ip: {len(records)} records, {len(ips)} IPs, {len(ranked)} flagged IPs "
          f"({int(any_z.sum())} by z>3), {len(flagged_lines)} flagged lines, "
          f"{result['seconds']}s, peak RSS {result['peak_rss_mb']} MB", file=sys.stderr)


if __name__ == "__main__":
    main()

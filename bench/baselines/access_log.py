"""Shared Apache access-log reader for the baseline re-implementations.

Handles the NCSA *common* format

    host ident user [dd/Mon/yyyy:HH:MM:SS +zzzz] "request" status bytes

and the *combined* format (common + "referer" "user-agent"). One optional trailing
whitespace-separated token that is a plain number (Apache %D / %T, Tomcat %D) is kept as
``time_taken``; its unit is unknown, which does not matter to the baselines because both
z-scores and StandardScaler are invariant to a change of unit.

Line numbers are *physical* 1-based line numbers: the file is split on b"\\n" only (a
trailing "\\r" is dropped), so they agree with ``wc -l`` / ``sed -n Np`` and with semlog,
even if a line contains a stray "\\r". Empty lines are counted but are not records;
non-empty lines the regex does not accept are counted as unparsable.

Also holds the two tiny helpers every baseline uses to write its result JSON.
"""

from __future__ import annotations

import json
import re
import resource
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

# A quoted field: anything but an unescaped double quote (Apache escapes " as \").
_Q = r'"((?:[^"\\]|\\.)*)"'

LINE_RE = re.compile(
    r"^(\S+) (\S+) (\S+) \[([^\]]+)\] "  # host ident user [time]
    + _Q                                   # "request"
    + r" (\d{3}|-) (\d+|-)"                # status bytes
    + r"(?: " + _Q + r" " + _Q + r")?"     # combined: "referer" "user-agent"
    + r"(?: (\d+(?:\.\d+)?))?"             # optional time taken
    + r"\s*$"
)

_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_TIME_RE = re.compile(r"^(\d{1,2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s+([+-])(\d{2})(\d{2}))?$")


@dataclass(slots=True)
class Record:
    line: int                 # 1-based physical line number
    ip: str
    ident: str
    user: str
    time_str: str
    ts: float | None          # POSIX seconds (UTC); None if the timestamp did not parse
    request: str              # raw request line, e.g. "GET /a?b=1 HTTP/1.1"
    method: str               # "" when the request line is malformed
    path: str                 # URI without the query string (CloudFront cs-uri-stem)
    query: str                # query string without "?", "" if none
    protocol: str
    status: int | None        # None for "-"
    bytes: int                # "-" counts as 0
    referer: str | None       # None in common format
    user_agent: str | None
    time_taken: float | None  # None unless the optional trailing number is there
    cookie: str | None = None # no standard Apache format carries it; kept for the z-score code

    @property
    def full_uri(self) -> str:
        return self.path + ("?" + self.query if self.query else "")


@dataclass
class ParseResult:
    path: str
    records: list[Record] = field(default_factory=list)
    total_lines: int = 0
    blank_lines: int = 0
    unparsable_lines: int = 0
    unparsable_examples: list[int] = field(default_factory=list)  # first few line numbers
    bad_timestamps: int = 0

    def stats(self) -> dict:
        return {
            "total_lines": self.total_lines,
            "records": len(self.records),
            "blank_lines": self.blank_lines,
            "unparsable_lines": self.unparsable_lines,
            "unparsable_examples": self.unparsable_examples,
            "bad_timestamps": self.bad_timestamps,
        }


def read_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Yield (1-based physical line number, text without the line terminator)."""
    data = Path(path).read_bytes()
    if not data:
        return
    parts = data.split(b"\n")
    if parts[-1] == b"":  # file ends with a newline: no extra empty line
        parts.pop()
    for i, raw in enumerate(parts, 1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        yield i, raw.decode("utf-8", errors="replace")


def parse_time(s: str) -> float | None:
    m = _TIME_RE.match(s)
    if not m:
        return None
    day, mon, year, hh, mm, ss, sign, oh, om = m.groups()
    month = _MONTHS.get(mon.capitalize())
    if month is None:
        return None
    try:
        tz = timezone.utc
        if sign:
            off = timedelta(hours=int(oh), minutes=int(om))
            tz = timezone(off if sign == "+" else -off)
        return datetime(int(year), month, int(day), int(hh), int(mm), int(ss), tzinfo=tz).timestamp()
    except ValueError:
        return None


def _unescape(s: str) -> str:
    return s.replace('\\"', '"').replace("\\\\", "\\") if "\\" in s else s


def parse_line(lineno: int, text: str) -> Record | None:
    m = LINE_RE.match(text)
    if m is None:
        return None
    ip, ident, user, tstr, req, status, nbytes, ref, ua, taken = m.groups()
    req = _unescape(req)
    parts = req.split(" ")
    method = path = query = protocol = ""
    if len(parts) >= 2:
        method, target = parts[0], parts[1]
        protocol = parts[2] if len(parts) >= 3 else ""
        path, _, query = target.partition("?")
    else:
        path = req  # e.g. "-" or junk: keep it so URI-diversity features still see it
    return Record(
        line=lineno, ip=ip, ident=ident, user=user, time_str=tstr, ts=parse_time(tstr),
        request=req, method=method, path=path, query=query, protocol=protocol,
        status=None if status == "-" else int(status),
        bytes=0 if nbytes == "-" else int(nbytes),
        referer=None if ref is None else _unescape(ref),
        user_agent=None if ua is None else _unescape(ua),
        time_taken=None if taken is None else float(taken),
    )


def parse_file(path: str | Path, max_examples: int = 10) -> ParseResult:
    res = ParseResult(path=str(path))
    for lineno, text in read_lines(path):
        res.total_lines = lineno
        if not text.strip():
            res.blank_lines += 1
            continue
        rec = parse_line(lineno, text.strip())
        if rec is None:
            res.unparsable_lines += 1
            if len(res.unparsable_examples) < max_examples:
                res.unparsable_examples.append(lineno)
            continue
        if rec.ts is None:
            res.bad_timestamps += 1
        res.records.append(rec)
    return res


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def write_result(out: str | Path, result: dict) -> None:
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":  # quick self-check: python3 access_log.py LOGFILE
    import sys

    r = parse_file(sys.argv[1])
    print(json.dumps(r.stats()))

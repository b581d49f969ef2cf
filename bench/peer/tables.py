"""Table code shared by table.py (train step) and inference_table.py (forward): primer vs peer rows
aggregated over repeats and printed as one markdown table row per (preset, method)."""

import statistics
import sys

PAIR_HEADER = ("preset", "method", "primer ms", "peer ms", "ratio", "primer tok/s", "peer tok/s",
               "primer RSS MiB", "peer RSS MiB", "primer CPU ms", "peer CPU ms", "load", "target")


def keys_of(rows, fields):
    """The distinct values of fields in rows, in order of first appearance."""
    keys = []
    for r in rows:
        k = tuple(r[f] for f in fields)
        if k not in keys:
            keys.append(k)
    return keys


def print_header(header):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")


def side_of(rows, name, preset, method, count_field, repeats):
    """Medians over one side's repeats (peak RSS: the max), or None when it has no row."""
    runs = [r for r in rows
            if r["side"] == name and r["preset"] == preset and r["method"] == method]
    if not runs:
        return None
    side = {
        "median_ms": statistics.median(r["median_ms"] for r in runs),
        "tokens_per_s": statistics.median(r["tokens_per_s"] for r in runs),
        "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
        "cpu_ms": statistics.median(r["cpu_ms"] for r in runs),
        "load": statistics.median(r["load"] for r in runs),
        count_field: runs[0][count_field],
        "impl": runs[0]["impl"],
        "threads": runs[0]["threads"],
    }
    if repeats:
        side["repeats"] = len(runs)
    return side


def pair_row(rows, preset, method, count_field, verb, target, repeats=False):
    """Prints the row of (preset, method); returns (its JSON row or None if a side is missing,
    whether it met ratio primer/peer median ms <= target)."""
    p = side_of(rows, "primer", preset, method, count_field, repeats)
    q = side_of(rows, "peer", preset, method, count_field, repeats)
    if p is None or q is None:
        print("| %s | %s | missing: %s |" % (preset, method, "primer" if p is None else "peer"))
        return None, False
    if p[count_field] != q[count_field]:
        print("warning: %s %s %s %d parameters in primer but %d in the peer"
              % (preset, method, verb, p[count_field], q[count_field]), file=sys.stderr)
    ratio = p["median_ms"] / q["median_ms"]
    met = ratio <= target
    print("| %s | %s | %.1f | %.1f | %.2f | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f | %s |" % (
        preset, method, p["median_ms"], q["median_ms"], ratio, p["tokens_per_s"],
        q["tokens_per_s"], p["peak_rss_mib"], q["peak_rss_mib"], p["cpu_ms"], q["cpu_ms"],
        max(p["load"], q["load"]), "met" if met else "MISSED"))
    return {"preset": preset, "method": method, "ratio": round(ratio, 3), "primer": p, "peer": q}, met


def pair_table(rows, count_field, verb, target, repeats=False):
    """Prints the primer vs peer table; returns (its JSON rows, the rows missing a side or the
    target)."""
    out = []
    misses = 0
    print_header(PAIR_HEADER)
    for preset, method in keys_of(rows, ("preset", "method")):
        row, met = pair_row(rows, preset, method, count_field, verb, target, repeats)
        misses += 0 if met else 1
        if row is not None:
            out.append(row)
    return out, misses

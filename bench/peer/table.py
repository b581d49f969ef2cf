#!/usr/bin/python3
"""Prints the train-step table from the JSON lines of bench/train-step.sh (argv[1]); with a second
argument, also writes the rows there as JSON."""

import json
import statistics
import sys


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    keys = []
    for r in rows:
        k = (r["preset"], r["method"])
        if k not in keys:
            keys.append(k)
    out = []
    header = ("preset", "method", "primer ms", "peer ms", "ratio", "primer tok/s", "peer tok/s",
              "primer RSS MiB", "peer RSS MiB", "primer CPU ms", "peer CPU ms", "load", "target")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    misses = 0
    for preset, method in keys:
        side = {}
        for name in ("primer", "peer"):
            runs = [r for r in rows
                    if r["side"] == name and r["preset"] == preset and r["method"] == method]
            if not runs:
                side[name] = None
                continue
            side[name] = {
                "median_ms": statistics.median(r["median_ms"] for r in runs),
                "tokens_per_s": statistics.median(r["tokens_per_s"] for r in runs),
                "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
                "cpu_ms": statistics.median(r["cpu_ms"] for r in runs),
                "load": statistics.median(r["load"] for r in runs),
                "trainable": runs[0]["trainable"],
                "impl": runs[0]["impl"],
                "threads": runs[0]["threads"],
            }
        p, q = side["primer"], side["peer"]
        if p is None or q is None:
            print("| %s | %s | missing: %s |" % (preset, method, "primer" if p is None else "peer"))
            misses += 1
            continue
        if p["trainable"] != q["trainable"]:
            print("warning: %s %s trains %d parameters in primer but %d in the peer"
                  % (preset, method, p["trainable"], q["trainable"]), file=sys.stderr)
        ratio = p["median_ms"] / q["median_ms"]
        met = ratio <= 0.9
        misses += 0 if met else 1
        print("| %s | %s | %.1f | %.1f | %.2f | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f | %s |" % (
            preset, method, p["median_ms"], q["median_ms"], ratio, p["tokens_per_s"],
            q["tokens_per_s"], p["peak_rss_mib"], q["peak_rss_mib"], p["cpu_ms"], q["cpu_ms"],
            max(p["load"], q["load"]), "met" if met else "MISSED"))
        out.append({"preset": preset, "method": method, "ratio": round(ratio, 3),
                    "primer": p, "peer": q})
    if out:
        print("\nprimer: %s, %d thread(s); peer: %s, %d thread(s); ratio = primer/peer median"
              " ms/step (target <= 0.9); load = 1-min load average before the row."
              % (out[0]["primer"]["impl"], out[0]["primer"]["threads"], out[0]["peer"]["impl"],
                 out[0]["peer"]["threads"]))
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            json.dump(out, f, indent=1)
    return 0 if misses == 0 else 3


if __name__ == "__main__":
    sys.exit(main())

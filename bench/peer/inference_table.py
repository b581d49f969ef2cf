#!/usr/bin/python3
"""Prints the two tables of bench/inference.sh from its JSON lines (argv[1]): predict throughput
and forward primer vs peer; with a second argument, also writes the rows there as JSON. Exit
status 3 when a forward row misses the target (ratio primer/peer of the median ms <= 1.0) or lacks
a side."""

import json
import os
import statistics
import sys

from tables import keys_of, pair_table, print_header

TARGET = 1.0


def predict_table(rows):
    out = []
    header = ("preset", "text", "lines", "sentences/s", "words/s", "subwords/s",
              "ms/sentence", "CPU ms/sentence", "RSS MiB", "load")
    print_header(header)
    for (preset,) in keys_of(rows, ("preset",)):
        runs = [r for r in rows if r["preset"] == preset]
        row = {
            "preset": preset,
            "impl": runs[0]["impl"],
            "threads": runs[0]["threads"],
            "text": runs[0]["text"],
            "tokenizer": runs[0]["tokenizer"],
            "batch": runs[0]["batch"],
            "max_length": runs[0]["max_length"],
            "lines": runs[0]["lines"],
            "words": runs[0]["words"],
            "subwords": runs[0]["subwords"],
            "windows": runs[0]["windows"],
            "repeats": len(runs),
        }
        for f in ("median_s", "sentences_per_s", "words_per_s", "subwords_per_s",
                  "cpu_ms_per_sentence", "load_s", "load"):
            row[f] = statistics.median(r[f] for r in runs)
        row["peak_rss_mib"] = max(r["peak_rss_mib"] for r in runs)
        print("| %s | %s (%s tokenizer) | %d | %.0f | %.0f | %.0f | %.2f | %.2f | %.0f | %.1f |" % (
            preset, row["text"], row["tokenizer"], row["lines"], row["sentences_per_s"],
            row["words_per_s"], row["subwords_per_s"], 1000.0 / row["sentences_per_s"],
            row["cpu_ms_per_sentence"], row["peak_rss_mib"], row["load"]))
        out.append(row)
    if out:
        print("\npredict: %s, %d thread(s), Houlsby adapter, %d windows of <= %d subwords per"
              " forward pass; OMP_WAIT_POLICY %s; medians over repeats of the median timed pass; load = 1-min load"
              " average before the run." % (out[0]["impl"], out[0]["threads"], out[0]["batch"],
                 out[0]["max_length"], WAIT_POLICY))
    return out


def forward_table(rows):
    out, misses = pair_table(rows, "parameters", "has", TARGET, repeats=True)
    if out:
        print("\nforward: primer: %s, %d thread(s); peer: %s, %d thread(s); ratio = primer/peer"
              " median ms/forward (target <= %.1f); OMP_WAIT_POLICY %s; load = 1-min load average before the row."
              % (out[0]["primer"]["impl"], out[0]["primer"]["threads"], out[0]["peer"]["impl"],
                 out[0]["peer"]["threads"], TARGET, WAIT_POLICY))
    return out, misses


WAIT_POLICY = os.environ.get("OMP_WAIT_POLICY", "default")


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    predict_rows = [r for r in rows if r["kind"] == "predict"]
    forward_rows = [r for r in rows if r["kind"] == "forward"]
    print("### predict throughput\n")
    predict = predict_table(predict_rows)
    print("\n### forward: primer vs PyTorch eager\n")
    forward, misses = forward_table(forward_rows)
    if not forward:
        misses += 1
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            json.dump({"omp_wait_policy": WAIT_POLICY, "predict": predict, "forward": forward}, f, indent=1)
    return 0 if misses == 0 else 3


if __name__ == "__main__":
    sys.exit(main())

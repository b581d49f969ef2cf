#!/usr/bin/python3
"""Prints the train-step table from the JSON lines of bench/train-step.sh (argv[1]); with a second
argument, also writes the rows there as JSON."""

import json
import sys

from tables import pair_table


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    out, misses = pair_table(rows, "trainable", "trains", 0.9)
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

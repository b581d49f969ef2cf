#!/usr/bin/python3
"""PyTorch eager peer of primer's ForwardBenchmark: the inference forward of the same tagger.

The model is train_step.py's Tagger (the architecture of dev.primer.learn.model; see there), in
eval mode (no dropout) under torch.inference_mode() (no autograd graph, the fastest eager mode),
method "plain" (encoder + classifier) or "houlsby" / "lora" (PEFT modules in the forward pass). One
forward = token-classification logits of a batch x seq batch of random ids (no padding); the
inputs are made once, before timing, as in primer's benchmark.

Prints one JSON line: median/p90 wall ms per forward, tokens/s, mean process CPU ms per forward
(all threads), parameter count, peak RSS (MiB).
"""

import argparse
import json
import sys
import time

import torch

from train_step import PRESETS, Tagger, add_shape_args, random_ids, timing


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--preset", default="tiny", choices=sorted(PRESETS))
    p.add_argument("--method", default="plain", choices=["plain", "houlsby", "lora"])
    add_shape_args(p)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--iters", type=int, default=30)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    hidden, layers, heads = PRESETS[a.preset]
    method = "full" if a.method == "plain" else a.method
    model = Tagger(a.vocab, hidden, layers, heads, a.labels, 0.1, method)
    model.eval()
    count = sum(q.numel() for q in model.parameters())

    g = torch.Generator().manual_seed(7)
    ids = random_ids(a, g)
    bias = torch.zeros(a.batch, 1, 1, a.seq)

    times = []
    cpu = []
    with torch.inference_mode():
        for i in range(a.warmup + a.iters):
            c0 = time.process_time()
            t0 = time.perf_counter()
            logits = model(ids, bias)
            del logits
            t1 = time.perf_counter()
            c1 = time.process_time()
            if i >= a.warmup:
                times.append((t1 - t0) * 1000)
                cpu.append((c1 - c0) * 1000)
    print(json.dumps(timing("parameters", count, a, times, cpu)))


if __name__ == "__main__":
    sys.exit(main())

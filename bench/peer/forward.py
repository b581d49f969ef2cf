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

import json
import sys
import time

import torch

from train_step import benchmark_parser, random_ids, seeded_tagger, timing


def main():
    a = benchmark_parser(__doc__, ["plain", "houlsby", "lora"], "--iters").parse_args()

    model = seeded_tagger(a, "full" if a.method == "plain" else a.method, 0.1)
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

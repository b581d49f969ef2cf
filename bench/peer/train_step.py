#!/usr/bin/python3
"""PyTorch eager peer of primer's TrainStepBenchmark: the same BERT-style tagger, sizes and step.

Model (as dev.primer.learn.model): word (vocab) + position (512) + token-type (2) embeddings,
LayerNorm (eps 1e-12), dropout; N post-LN layers of separate query/key/value projections,
scaled-dot-product attention with an additive padding bias and dropout on the probabilities,
output dense + dropout (+ adapter) + residual LayerNorm, erf-GELU feed-forward, output dense +
dropout (+ adapter) + residual LayerNorm; dropout + linear token classifier.
PEFT: Houlsby adapters (after attention output and after feed-forward; bottleneck hidden/16, ReLU,
residual) or LoRA (rank 8, alpha 16, no dropout, on query and value); only PEFT parameters and the
classifier train. Step: forward, mean token cross-entropy (-100 ignored), backward, global-norm
clipping at 1.0, torch.optim.AdamW (lr 1e-4, weight decay 0.01 except biases and LayerNorm
weights), zero_grad, loss.item().

Prints one JSON line: median/p90 wall ms per step, tokens/s, mean process CPU ms per step (all
threads), trainable parameters, peak RSS (MiB).
"""

import argparse
import json
import math
import resource
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

PRESETS = {"tiny": (128, 2, 4), "small": (256, 4, 4), "base": (768, 12, 12)}
MBERT_VOCAB = 119547


class Adapter(nn.Module):
    def __init__(self, hidden, reduction=16, std=1e-2):
        super().__init__()
        bottleneck = max(1, hidden // reduction)
        self.down = nn.Linear(hidden, bottleneck)
        self.up = nn.Linear(bottleneck, hidden)
        for lin in (self.down, self.up):
            nn.init.normal_(lin.weight, std=std)
            nn.init.zeros_(lin.bias)

    def forward(self, x):
        return x + self.up(F.relu(self.down(x)))


class LoraLinear(nn.Module):
    def __init__(self, inp, out, lora, rank=8, alpha=16.0):
        super().__init__()
        self.linear = nn.Linear(inp, out)
        self.lora = lora
        if lora:
            self.lora_A = nn.Linear(inp, rank, bias=False)
            self.lora_B = nn.Linear(rank, out, bias=False)
            nn.init.zeros_(self.lora_B.weight)
            self.scale = alpha / rank

    def forward(self, x):
        y = self.linear(x)
        if self.lora:
            y = y + self.lora_B(self.lora_A(x)) * self.scale
        return y


class Layer(nn.Module):
    def __init__(self, hidden, heads, inter, dropout, method):
        super().__init__()
        lora = method == "lora"
        self.heads = heads
        self.head_size = hidden // heads
        self.query = LoraLinear(hidden, hidden, lora)
        self.key = nn.Linear(hidden, hidden)
        self.value = LoraLinear(hidden, hidden, lora)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_adapter = Adapter(hidden) if method == "houlsby" else None
        self.attn_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.inter = nn.Linear(hidden, inter)
        self.out = nn.Linear(inter, hidden)
        self.out_adapter = Adapter(hidden) if method == "houlsby" else None
        self.out_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = dropout

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x, bias):
        b, t, h = x.shape
        q = self.split(self.query(x)) * (1.0 / math.sqrt(self.head_size))
        k = self.split(self.key(x))
        v = self.split(self.value(x))
        probs = F.dropout(torch.softmax(q @ k.transpose(2, 3) + bias, -1), self.dropout, self.training)
        ctx = (probs @ v).transpose(1, 2).reshape(b, t, h)
        a = F.dropout(self.attn_out(ctx), self.dropout, self.training)
        if self.attn_adapter is not None:
            a = self.attn_adapter(a)
        x = self.attn_norm(a + x)
        f = F.dropout(self.out(F.gelu(self.inter(x))), self.dropout, self.training)
        if self.out_adapter is not None:
            f = self.out_adapter(f)
        return self.out_norm(f + x)


class Tagger(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, labels, dropout, method):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(512, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList(
            Layer(hidden, heads, 4 * hidden, dropout, method) for _ in range(layers))
        self.classifier = nn.Linear(hidden, labels)
        self.dropout = dropout
        for name, p in self.named_parameters():
            if "adapter" in name or "lora" in name:
                continue
            if p.dim() >= 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, ids, bias):
        t = ids.shape[1]
        x = self.word(ids) + self.position.weight[:t] + self.token_type.weight[:1]
        x = F.dropout(self.norm(x), self.dropout, self.training)
        for layer in self.layers:
            x = layer(x, bias)
        return self.classifier(F.dropout(x, self.dropout, self.training))


def trainable(name, method):
    if method == "full":
        return True
    if name.startswith("classifier."):
        return True
    if method == "houlsby":
        return "adapter" in name
    if method == "lora":
        return "lora_" in name
    raise ValueError("unknown method " + method)


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def benchmark_parser(doc, methods, loop_flag):
    """The options shared with forward.py: preset, method (the first is the default), batch shape,
    warm-up and timed iterations (loop_flag), threads."""
    p = argparse.ArgumentParser(description=doc.split("\n")[0])
    p.add_argument("--preset", default="tiny", choices=sorted(PRESETS))
    p.add_argument("--method", default=methods[0], choices=methods)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--labels", type=int, default=7)
    p.add_argument("--vocab", type=int, default=MBERT_VOCAB)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument(loop_flag, type=int, default=30)
    p.add_argument("--threads", type=int, default=2)
    return p


def seeded_tagger(a, method, dropout):
    """Sets the thread count and seed 1, then builds the preset's Tagger."""
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    hidden, layers, heads = PRESETS[a.preset]
    return Tagger(a.vocab, hidden, layers, heads, a.labels, dropout, method)


def random_ids(a, g):
    """A batch x seq batch of random ids framed by [CLS] (101) and [SEP] (102), no padding."""
    ids = torch.randint(1000, a.vocab, (a.batch, a.seq), generator=g)
    ids[:, 0] = 101
    ids[:, -1] = 102
    return ids


def timing(count_field, count, a, times, cpu):
    """The JSON line of a benchmark: median/p90 wall ms, tokens/s, mean CPU ms, peak RSS."""
    times = sorted(times)
    median = times[len(times) // 2]
    p90 = times[min(len(times) - 1, math.ceil(len(times) * 0.9) - 1)]
    return {
        "impl": "pytorch-eager " + torch.__version__,
        "preset": a.preset,
        "method": a.method,
        "threads": torch.get_num_threads(),
        count_field: count,
        "median_ms": round(median, 2),
        "p90_ms": round(p90, 2),
        "tokens_per_s": round(a.batch * a.seq / (median / 1000), 1),
        "cpu_ms": round(sum(cpu) / len(cpu), 2),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def main():
    p = benchmark_parser(__doc__, ["full", "houlsby", "lora"], "--steps")
    p.add_argument("--dropout", type=float, default=0.1)
    a = p.parse_args()

    model = seeded_tagger(a, a.method, a.dropout)
    model.train()
    decay, no_decay = [], []
    count = 0
    for name, param in model.named_parameters():
        param.requires_grad_(trainable(name, a.method))
        if not param.requires_grad:
            continue
        count += param.numel()
        is_norm = "norm" in name and name.endswith("weight")
        (no_decay if name.endswith("bias") or is_norm else decay).append(param)
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
        lr=1e-4)

    g = torch.Generator().manual_seed(7)
    ids = random_ids(a, g)
    labels = torch.randint(0, a.labels, (a.batch, a.seq), generator=g)
    labels[:, 0] = -100
    labels[:, -1] = -100
    bias = torch.zeros(a.batch, 1, 1, a.seq)
    params = [q for q in model.parameters() if q.requires_grad]

    times = []
    cpu = []
    for i in range(a.warmup + a.steps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        logits = model(ids, bias)
        loss = F.cross_entropy(logits.reshape(-1, a.labels), labels.reshape(-1), ignore_index=-100)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad()
        loss.item()
        t1 = time.perf_counter()
        c1 = time.process_time()
        if i >= a.warmup:
            times.append((t1 - t0) * 1000)
            cpu.append((c1 - c0) * 1000)  # summed below: process_time is coarse
    print(json.dumps(timing("trainable", count, a, times, cpu)))


if __name__ == "__main__":
    sys.exit(main())

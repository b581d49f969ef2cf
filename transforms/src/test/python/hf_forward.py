#!/usr/bin/python3
"""Independent PyTorch forward of primer's exports, as the Python libraries would build them.

Usage: hf_forward.py INPUTS.json EXPORT_DIR [EXPORT_DIR ...]

Reads each export with plain json + torch.frombuffer (safetensors is an 8-byte little-endian header
length, a JSON header, raw little-endian tensors), builds a BERT token classifier in plain PyTorch
after the module definitions of the libraries, and computes the logits of INPUTS.json's batch:

- transformers, models/bert/modeling_bert.py: BertEmbeddings (word + position + token type, then
  LayerNorm), BertSelfAttention (scaled dot product, additive mask), BertSelfOutput and BertOutput
  (dense, dropout, LayerNorm(h + input)), BertIntermediate (dense, GELU: ACT2FN["gelu"], the erf
  form), BertForTokenClassification (dropout, classifier on every position).
- AdapterHub adapters, methods/modeling.py Adapter: adapter_down = Sequential(Linear, activation),
  adapter_up = Linear, pre_forward / forward / post_forward as written there (original_ln_before,
  residual_before_ln, original_ln_after, scaling) for the adapter of attention.output
  (mh_adapter) and of output (output_adapter); the tagging head heads.NAME = Sequential(Dropout,
  Linear) (heads/base.py PredictionHead.build).
- PEFT, tuners/lora/layer.py Linear: base(x) + lora_B(lora_A(dropout(x))) * (lora_alpha / r) on
  the modules target_modules names; saved keys base_model.model.<module>.lora_A.weight.

It shares no code with primer. Prints one JSON line per export directory: its path, the maximum
absolute logit difference against INPUTS.json's "logits" over the real (unpadded) positions, and
the number of tokens compared.
"""

import json
import math
import os
import re
import sys

import torch
from torch import nn

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "F16": torch.float16}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    body = bytearray(data[8 + n:])
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        begin, end = spec["data_offsets"]
        dtype = DTYPES[spec["dtype"]]
        t = torch.frombuffer(body, dtype=dtype, count=(end - begin) // torch.tensor([], dtype=dtype).element_size(),
                             offset=begin) if end > begin else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(spec["shape"]).clone()
    return out


def activation(name):
    name = name.lower()
    if name == "relu":
        return nn.ReLU()
    if name == "gelu":
        return nn.GELU()  # erf form, transformers' GELUActivation
    if name in ("swish", "silu"):
        return nn.SiLU()
    raise ValueError("activation " + name)


class Adapter(nn.Module):
    """AdapterHub's sequential bottleneck adapter (no layer norms, gating or phm: refused above)."""

    def __init__(self, hidden, config):
        super().__init__()
        down = max(1, int(hidden // config["reduction_factor"]))
        self.adapter_down = nn.Sequential(nn.Linear(hidden, down), activation(config["non_linearity"]))
        self.adapter_up = nn.Linear(down, hidden)
        self.config = config
        assert not config.get("ln_before") and not config.get("ln_after")
        assert not config.get("is_parallel") and not config.get("use_gating")

    def run(self, hidden_states, input_tensor, layer_norm):
        c = self.config
        # pre_forward
        residual = None
        if c["residual_before_ln"] is True:
            residual = hidden_states
        if c["original_ln_before"]:
            hidden_states = hidden_states + input_tensor
            if c["residual_before_ln"] == "post_add":
                residual = hidden_states
            hidden_states = layer_norm(hidden_states)
        if not c["residual_before_ln"]:
            residual = hidden_states
        # forward
        up = self.adapter_up(self.adapter_down(hidden_states)) * float(c.get("scaling", 1.0))
        output = up + residual
        # post_forward
        if c["original_ln_after"]:
            output = layer_norm(output + input_tensor)
        return output


class LoraLinear(nn.Module):
    def __init__(self, n_in, n_out, r, scaling):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(n_out, n_in))
        self.bias = nn.Parameter(torch.zeros(n_out))
        self.lora_A = nn.Linear(n_in, r, bias=False)
        self.lora_B = nn.Linear(r, n_out, bias=False)
        self.scaling = scaling

    def forward(self, x):
        return nn.functional.linear(x, self.weight, self.bias) + self.lora_B(self.lora_A(x)) * self.scaling


class SubLayerOutput(nn.Module):
    """BertSelfOutput / BertOutput: dense, dropout, (adapter), LayerNorm(h + input)."""

    def __init__(self, n_in, hidden, eps, dense):
        super().__init__()
        self.dense = dense if dense is not None else nn.Linear(n_in, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)
        self.adapters = nn.ModuleDict()

    def forward(self, h, input_tensor):
        h = self.dense(h)
        if len(self.adapters) == 0:
            return self.LayerNorm(h + input_tensor)
        (adapter,) = self.adapters.values()
        return adapter.run(h, input_tensor, self.LayerNorm)


class Bert(nn.Module):
    def __init__(self, cfg, lora=None):
        super().__init__()
        h = cfg["hidden_size"]
        self.heads_n = cfg["num_attention_heads"]
        self.eps = cfg.get("layer_norm_eps", 1e-12)
        if cfg.get("hidden_act", "gelu") != "gelu":
            raise ValueError("hidden_act " + cfg["hidden_act"])
        self.embeddings = nn.Module()
        self.embeddings.word_embeddings = nn.Embedding(cfg["vocab_size"], h)
        self.embeddings.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], h)
        self.embeddings.token_type_embeddings = nn.Embedding(cfg.get("type_vocab_size", 2), h)
        self.embeddings.LayerNorm = nn.LayerNorm(h, eps=self.eps)
        self.encoder = nn.Module()
        self.encoder.layer = nn.ModuleList()
        inter = cfg["intermediate_size"]
        for i in range(cfg["num_hidden_layers"]):
            def linear(module, n_in, n_out):
                name = "bert.encoder.layer.%d.%s" % (i, module)
                if lora is not None and lora["match"](name):
                    return LoraLinear(n_in, n_out, lora["r"], lora["scaling"])
                return nn.Linear(n_in, n_out)
            layer = nn.Module()
            layer.attention = nn.Module()
            layer.attention.self = nn.Module()
            layer.attention.self.query = linear("attention.self.query", h, h)
            layer.attention.self.key = linear("attention.self.key", h, h)
            layer.attention.self.value = linear("attention.self.value", h, h)
            layer.attention.output = SubLayerOutput(h, h, self.eps, linear("attention.output.dense", h, h))
            layer.intermediate = nn.Module()
            layer.intermediate.dense = linear("intermediate.dense", h, inter)
            layer.output = SubLayerOutput(inter, h, self.eps, linear("output.dense", inter, h))
            self.encoder.layer.append(layer)

    def forward(self, ids, mask):
        b, t = ids.shape
        e = self.embeddings
        x = e.word_embeddings(ids) + e.position_embeddings(torch.arange(t)[None, :]) \
            + e.token_type_embeddings(torch.zeros_like(ids))
        x = e.LayerNorm(x)
        ext = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        n = self.heads_n
        d = x.shape[-1] // n
        for layer in self.encoder.layer:
            s = layer.attention.self

            def split(y):
                return y.view(b, t, n, d).permute(0, 2, 1, 3)

            q, k, v = split(s.query(x)), split(s.key(x)), split(s.value(x))
            scores = q @ k.transpose(-1, -2) / math.sqrt(d) + ext
            ctx = (torch.softmax(scores, dim=-1) @ v).permute(0, 2, 1, 3).reshape(b, t, n * d)
            attended = layer.attention.output(ctx, x)
            inner = nn.functional.gelu(layer.intermediate.dense(attended))
            x = layer.output(inner, attended)
        return x


class Tagger(nn.Module):
    """BertForTokenClassification (classifier) or BertAdapterModel with a tagging head (heads)."""

    def __init__(self, cfg, labels, lora=None, head_name=None):
        super().__init__()
        self.bert = Bert(cfg, lora)
        if head_name is None:
            self.classifier = nn.Linear(cfg["hidden_size"], labels)
        else:
            self.heads = nn.ModuleDict({head_name: nn.Sequential(nn.Dropout(0.1), nn.Linear(cfg["hidden_size"], labels))})

    def forward(self, ids, mask):
        x = self.bert(ids, mask)
        if hasattr(self, "classifier"):
            return self.classifier(x)
        (head,) = self.heads.values()
        return head(x)


def load_strict(model, tensors, where):
    own = model.state_dict()
    missing = sorted(set(own) - set(tensors))
    unexpected = sorted(set(tensors) - set(own))
    if missing or unexpected:
        raise SystemExit("%s: missing %s unexpected %s" % (where, missing[:5], unexpected[:5]))
    model.load_state_dict(tensors, strict=True)


def hf_tensors(directory):
    """The HF model's tensors; the tied MLM decoder and pooler are not part of the tagger."""
    return {k: v for k, v in read_safetensors(os.path.join(directory, "model.safetensors")).items()
            if not k.startswith("cls.") and not k.startswith("bert.pooler.")}


def build(export_dir):
    with open(os.path.join(export_dir, "primer_export.json")) as f:
        desc = json.load(f)
    if desc["layout"] == "model":
        with open(os.path.join(export_dir, "config.json")) as f:
            cfg = json.load(f)
        assert cfg["architectures"] == ["BertForTokenClassification"], cfg["architectures"]
        model = Tagger(cfg, len(cfg["id2label"]))
        load_strict(model, hf_tensors(export_dir), export_dir)
        return model
    base = os.path.join(export_dir, desc["base"])
    adapter = os.path.join(export_dir, desc["adapter"])
    with open(os.path.join(base, "config.json")) as f:
        cfg = json.load(f)
    with open(os.path.join(adapter, "adapter_config.json")) as f:
        acfg = json.load(f)
    tensors = hf_tensors(base)
    if "peft_type" in acfg:
        assert acfg["peft_type"] == "LORA" and acfg["task_type"] == "TOKEN_CLS"
        targets = acfg["target_modules"]
        if isinstance(targets, str):
            match = lambda name: re.fullmatch(targets, name) is not None
        else:
            match = lambda name: any(name == t or name.endswith("." + t) for t in targets)
        lora = {"r": acfg["r"], "scaling": acfg["lora_alpha"] / acfg["r"], "match": match}
        weights = read_safetensors(os.path.join(adapter, "adapter_model.safetensors"))
        for k, v in weights.items():
            assert k.startswith("base_model.model."), k
            tensors[k[len("base_model.model."):]] = v
        model = Tagger(cfg, weights["base_model.model.classifier.weight"].shape[0], lora=lora)
        load_strict(model, tensors, export_dir)
        return model
    config = acfg["config"]
    name = acfg["name"]
    with open(os.path.join(adapter, "head_config.json")) as f:
        hcfg = json.load(f)
    model = Tagger(cfg, hcfg["config"]["num_labels"], head_name=hcfg["name"])
    for layer in model.bert.encoder.layer:
        if config["mh_adapter"]:
            layer.attention.output.adapters[name] = Adapter(cfg["hidden_size"], config)
        if config["output_adapter"]:
            layer.output.adapters[name] = Adapter(cfg["hidden_size"], config)
    tensors.update(read_safetensors(os.path.join(adapter, "adapter.safetensors")))
    tensors.update(read_safetensors(os.path.join(adapter, "model_head.safetensors")))
    load_strict(model, tensors, export_dir)
    return model


def main():
    torch.set_num_threads(1)
    with open(sys.argv[1]) as f:
        inputs = json.load(f)
    ids = torch.tensor(inputs["input_ids"], dtype=torch.int64)
    mask = torch.tensor(inputs["attention_mask"], dtype=torch.int64)
    expected = torch.tensor(inputs["logits"], dtype=torch.float64)
    for export_dir in sys.argv[2:]:
        model = build(export_dir)
        model.eval()
        with torch.no_grad():
            logits = model(ids, mask).to(torch.float64)
        real = mask.bool()
        diff = (logits - expected).abs()[real].max().item()
        print(json.dumps({"export": export_dir, "max_abs_diff": diff, "tokens": int(real.sum())}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()

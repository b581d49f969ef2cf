#!/usr/bin/env bash
# Inference benchmark, on CPU:
#  1. predict throughput: sentences/s and words/s of predict's core (dev.primer.predict.Predictor:
#     word segmentation, encoding, length-bucketed batched tagging with a Houlsby adapter, entity
#     decoding) on one JVM, for each preset (PredictBenchmark; PAN-X dev text from ../shared when
#     present, else generated text);
#  2. the model forward alone (token-classification logits, no gradients, batch x seq tokens) in
#     primer (ForwardBenchmark) against a PyTorch eager peer of the same architecture and sizes
#     (bench/peer/forward.py), plain and with an adapter, same thread count.
#
#   bench/inference.sh [--threads=2] [--presets=tiny,small] [--methods=plain,houlsby]
#                      [--batch=32] [--seq=64] [--warmup=3] [--iters=20] [--repeats=3]
#                      [--lines=2000] [--passes=3] [--out=FILE]
#
# Every run is a fresh process; forward rows run primer then the peer, --repeats times interleaved
# (the median over repeats is reported), so that both sides see the same machine load. Prints two
# Markdown tables; the rows also go as JSON to --out (default bench/out/inference-DATE.json).
# Forward target: ratio primer/peer of the median ms/forward <= 1.0; exit status 3 when a forward
# row misses it. Environment: JAVA_HOME, PRIMER_NO_BUILD=1 (use bench/target/primer-bench.jar and
# deploy/target/primer-bundled.jar as they are).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="$root/../shared"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

threads=2 presets=tiny,small methods=plain,houlsby batch=32 seq=64 warmup=3 iters=20 repeats=3
lines=2000 passes=3 out="$here/out/inference-$(date +%Y%m%d-%H%M%S).json"
bench_options inference.sh 2,20 "threads presets methods batch seq warmup iters repeats lines passes out" "$@"

bench_peer inference.sh
# primer: the bench and bundled jars, rebuilt (offline, tests skipped) when older than the sources.
bench_build inference.sh
java_run() {
  OMP_NUM_THREADS="$threads" "$java_bin" -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 -cp "$bench_cp" "$@"
}

results="$(mktemp)"
errors="$(mktemp)"
trap 'rm -f "$results" "$errors"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
# Prefixes each JSON line of stdin with the row's kind, side, repeat and load.
tag() { sed -n "s/^{/{\"kind\": \"$1\", \"side\": \"$2\", \"repeat\": $3, \"load\": $4, /p"; }
# Runs "$@", keeping its stderr for the report when it fails.
checked() {
  if ! "$@" 2>"$errors"; then
    echo "inference.sh: failed: ${*:1:12} ..." >&2
    tail -n 20 "$errors" >&2
    return 1
  fi
}

IFS=, read -r -a preset_list <<<"$presets"
IFS=, read -r -a method_list <<<"$methods"
if [ -d "$shared/data/ner/panx" ] && [ -f "$shared/models/mbert-base-cased/tokenizer.json" ]; then
  text="PAN-X dev text and the mBERT tokenizer from $shared"
else
  text="generated text and tokenizer ($shared has no PAN-X or mBERT tokenizer)"
fi
echo "inference: ${threads} thread(s), ${repeats} repeat(s); $(nproc) CPUs" >&2
echo "  predict: ${lines} lines, 1 warm-up + ${passes} timed pass(es), ${text}" >&2
echo "  forward: batch ${batch} x ${seq}, ${warmup} warm-up + ${iters} timed forwards" >&2
for ((r = 0; r < repeats; r++)); do
  for preset in "${preset_list[@]}"; do
    row_load="$(load)"
    echo "  predict $preset (repeat $((r + 1))/$repeats, load $row_load) ..." >&2
    checked java_run dev.primer.bench.PredictBenchmark --json --presets "$preset" \
      --lines "$lines" --passes "$passes" --batch "$batch" \
      --panx "$shared/data/ner/panx" --tokenizer "$shared/models/mbert-base-cased/tokenizer.json" \
      | tag predict primer "$r" "$row_load" >>"$results"
    for method in "${method_list[@]}"; do
      row_load="$(load)"
      echo "  forward $preset $method (repeat $((r + 1))/$repeats, load $row_load) ..." >&2
      checked java_run dev.primer.bench.ForwardBenchmark --json --presets "$preset" \
        --methods "$method" --batch "$batch" --seq "$seq" --warmup "$warmup" --iters "$iters" \
        | tag forward primer "$r" "$row_load" >>"$results"
      row_load="$(load)"
      OMP_NUM_THREADS="$threads" checked "$python" "$here/peer/forward.py" --preset "$preset" \
        --method "$method" --batch "$batch" --seq "$seq" --warmup "$warmup" --iters "$iters" \
        --threads "$threads" | tag forward peer "$r" "$row_load" >>"$results"
    done
  done
done

mkdir -p "$(dirname "$out")"
status=0
"$python" "$here/peer/inference_table.py" "$results" "$out" || status=$?
echo "rows written to $out" >&2
exit "$status"

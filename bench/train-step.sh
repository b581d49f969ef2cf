#!/usr/bin/env bash
# Training-step benchmark: primer's learning core (Java, DJL + libtorch) against a PyTorch eager
# peer of the same architecture and sizes (bench/peer/train_step.py), same thread count, on CPU.
#
#   bench/train-step.sh [--threads=2] [--presets=tiny,small] [--methods=full,houlsby,lora]
#                       [--batch=32] [--seq=64] [--warmup=3] [--steps=20] [--repeats=1] [--out=FILE]
#
# Every row (preset x method) runs in fresh processes, primer then the peer, --repeats times
# interleaved (the median over repeats is reported), so that both sides see the same machine load.
# Rows are also written as JSON to --out (default bench/out/train-step-DATE.json). Exit status 3
# when a row misses the target.
# Prints median ms/step, tokens/s and peak RSS for both, the ratio primer/peer (target <= 0.9), the
# mean process CPU ms per step, and the 1-minute load average seen before each row.
# Environment: JAVA_HOME, PRIMER_NO_BUILD=1 (use bench/target/primer-bench.jar and
# deploy/target/primer-bundled.jar as they are).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

threads=2 presets=tiny,small methods=full,houlsby,lora batch=32 seq=64 warmup=3 steps=20
repeats=1 out="$here/out/train-step-$(date +%Y%m%d-%H%M%S).json"
bench_options train-step.sh 2,15 "threads presets methods batch seq warmup steps repeats out" "$@"

bench_peer train-step.sh
# primer: the bench and bundled jars, rebuilt (offline, tests skipped) when older than the sources.
bench_build train-step.sh

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }

IFS=, read -r -a preset_list <<<"$presets"
IFS=, read -r -a method_list <<<"$methods"
echo "train-step: batch ${batch} x ${seq}, ${threads} thread(s), ${warmup} warm-up + ${steps} timed steps," \
  "${repeats} repeat(s); $(nproc) CPUs" >&2
for preset in "${preset_list[@]}"; do
  for method in "${method_list[@]}"; do
    for ((r = 0; r < repeats; r++)); do
      echo "  $preset $method (repeat $((r + 1))/$repeats, load $(load)) ..." >&2
      row_load="$(load)"
      OMP_NUM_THREADS="$threads" "$java_bin" -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true \
        -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
        -cp "$bench_cp" dev.primer.bench.TrainStepBenchmark --json --presets "$preset" \
        --methods "$method" --batch "$batch" --seq "$seq" --warmup "$warmup" --steps "$steps" \
        2>/dev/null | grep '^{' | sed "s/^{/{\"side\": \"primer\", \"repeat\": $r, \"load\": $row_load, /" >>"$results"
      row_load="$(load)"
      OMP_NUM_THREADS="$threads" "$python" "$here/peer/train_step.py" --preset "$preset" \
        --method "$method" --batch "$batch" --seq "$seq" --warmup "$warmup" --steps "$steps" \
        --threads "$threads" | sed "s/^{/{\"side\": \"peer\", \"repeat\": $r, \"load\": $row_load, /" >>"$results"
    done
  done
done

mkdir -p "$(dirname "$out")"
"$python" "$here/peer/table.py" "$results" "$out"
echo "rows written to $out" >&2

#!/usr/bin/env bash
# Benchmark of issue 2: `stage` + `encode` of every PAN-X train file in ../shared (47 languages,
# about 640k sentences) on the DirectRunner and on Flink [local] --parallelism=2, against a plain
# single-threaded Java loop doing the same parse + dedup + tokenize + Avro write. One command:
#
#   bench/stage-encode.sh            # all 47 train files
#   GLOB='train-e[nt].tsv.gz' bench/stage-encode.sh   # a subset (no commas: Beam splits list options on them)
#
# Environment: SHARED (default ../shared), OUT (default bench/out/stage-encode), PRIMER_HEAP,
# DIRECT_OPTS (options of the DirectRunner row; default: its immutability and encodability checks
# off, as for a production-like run: they re-encode every element and are for tests),
# SKIP_DIRECT=1 (leave the DirectRunner row out), PRIMER_NO_BUILD=1 (use the jars as they are).
# Prints one table: wall seconds, sentences/s, and the speed ratio against the loop; the
# stage-only and encode-only times come from the stages' manifests. The vocab stage in between runs
# in `pretrained` mode (it copies mBERT's tokenizer.json) and is not counted.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$here/../shared}"
glob="${GLOB:-train-*.tsv.gz}"
out="${OUT:-$here/bench/out/stage-encode}"
panx="$shared/data/ner/panx"
tokenizer="$shared/models/mbert-base-cased/tokenizer.json"
[ -d "$panx" ] || { echo "bench: $panx not found (set SHARED=path/to/shared)" >&2; exit 2; }
rm -rf "$out"; mkdir -p "$out"
root="$here"
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
bench_build stage-encode.sh   # the bench and bundled jars, when stale

opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
       --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)
now() { date +%s.%N; }

echo "== plain loop (1 thread)" >&2
t0=$(now)
"$java_bin" -Xmx${PRIMER_HEAP:-6g} -Dai.djl.offline=true "${opens[@]}" -cp "$bench_cp" \
  dev.primer.bench.PlainStageEncodeLoop "$panx" "$glob" "$tokenizer" 128 "$out/loop" \
  | tee "$out/loop.txt"
loop_s=$(echo "$(now) - $t0" | bc)

run_pipeline() { # name, extra options...
  local name="$1"; shift
  echo "== $name" >&2
  local t0; t0=$(now)
  "$here/primer" run --stages=stage,vocab,encode --runRoot="$out/runs" --runId="$name" \
    --corpus="panx:$panx/$glob" --vocabMode=pretrained --tokenizer="$tokenizer" \
    --maxLength=128 "$@" > "$out/$name.log" 2>&1 || { tail -20 "$out/$name.log"; exit 1; }
  echo "$(now) - $t0" | bc > "$out/$name.seconds"
}
if [ -z "${SKIP_DIRECT:-}" ]; then
  # shellcheck disable=SC2086
  run_pipeline direct ${DIRECT_OPTS---enforceImmutability=false --enforceEncodability=false}
fi
run_pipeline flink --runner=FlinkRunner --flinkMaster='[local]' --parallelism=2

python3 - "$out" "$loop_s" <<'PY'
import json, sys, re, datetime
out, loop_s = sys.argv[1], float(sys.argv[2])
loop = dict(kv.split("=") for kv in open(f"{out}/loop.txt").read().split()[1:])
n = int(loop["sentences_in"])
def stage_seconds(run, stage):
    m = json.load(open(f"{out}/runs/{run}/{stage}/_MANIFEST.json"))
    t = lambda k: datetime.datetime.fromisoformat(m[k].replace("Z", "+00:00"))
    start = next(k for k in ("startTime", "start", "started") if k in m)
    end = next(k for k in ("endTime", "end", "finished") if k in m)
    return (t(end) - t(start)).total_seconds(), m
rows = [("plain loop (1 thread)", loop_s, None, None)]
import os
for run, label in (("direct", "DirectRunner"), ("flink", "Flink [local] p=2")):
    if not os.path.exists(f"{out}/{run}.seconds"):
        continue
    wall = float(open(f"{out}/{run}.seconds").read())
    s, _ = stage_seconds(run, "stage"); e, _ = stage_seconds(run, "encode")
    rows.append((label, wall, s, e))
print(f"\nPAN-X train files: {loop['files']}, sentences read: {n}, kept after dedup: {loop['sentences_kept']}, windows: {loop['windows']}")
print(f"{'runner':24} {'wall s':>8} {'stage s':>8} {'encode s':>9} {'sent/s':>8} {'x loop':>7}")
for label, wall, s, e in rows:
    fmt = lambda v: f"{v:8.1f}" if v is not None else f"{'-':>8}"
    print(f"{label:24} {wall:8.1f} {fmt(s)} {fmt(e)} {n / wall:8.0f} {loop_s / wall:7.2f}")
print("\nx loop = loop wall time / runner wall time (JVM start included for all; target: Flink p=2 >= 1.3)")
PY

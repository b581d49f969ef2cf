#!/usr/bin/env bash
# Benchmark of issues 2 and 13: `stage` + `encode` of every PAN-X train file in ../shared (47
# languages, about 640k sentences) on Beam runners, against a plain single-threaded Java loop doing
# the same parse + dedup + tokenize + Avro write. One command:
#
#   bench/stage-encode.sh            # all 47 train files
#   GLOB='train-e[nt].tsv.gz' bench/stage-encode.sh   # a subset (no commas: Beam splits list options on them)
#
# Rows, one after the other on the same files: the plain loop; the DirectRunner; Flink [local]
# --parallelism=2 with an embedded cluster per stage (--flinkClusterPerRun=false, Beam's own
# [local]) and with one embedded cluster for the whole run (the default); a multi-process session
# cluster (deploy/flink/cluster.sh, separate JVMs, --parallelism=2) with 1 TaskManager of 2 slots
# and with 2 TaskManagers of 1 slot, the job submitted with the bundled jar. The session cluster is
# started before its row and stopped after it (its start is not in the row's wall time, as for a
# standing cluster; it is printed apart).
#
# Environment: SHARED (default ../shared), OUT (default bench/out/stage-encode), PRIMER_HEAP,
# DIRECT_OPTS (options of the DirectRunner row; default: its immutability and encodability checks
# off, as for a production-like run: they re-encode every element and are for tests),
# SKIP_DIRECT=1 (leave the DirectRunner row out), SKIP_CLUSTER=1 (leave the session-cluster rows
# out), PRIMER_NO_BUILD=1 (use the jars as they are).
# Prints one table: wall seconds, the stage, vocab and encode seconds from the stages' manifests,
# the rest (JVM start, cluster start and stop, planning, commits), sentences/s, and the speed ratio
# against the loop. The vocab stage runs in `pretrained` mode (it copies mBERT's tokenizer.json).
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
flink=(--runner=FlinkRunner --parallelism=2)
run_pipeline flink-per-stage "${flink[@]}" --flinkMaster='[local]' --flinkClusterPerRun=false
run_pipeline flink-per-run "${flink[@]}" --flinkMaster='[local]'

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
session_row() { # name, TaskManagers, slots each
  local name="$1" tms="$2" slots="$3" t0 address
  export FLINK_STATE_DIR="$out/$name-cluster" FLINK_SLOTS="$slots"
  export FLINK_REST_PORT; FLINK_REST_PORT=$(free_port)
  export FLINK_RPC_PORT; FLINK_RPC_PORT=$(free_port)
  echo "== $name: deploy/flink/cluster.sh start $tms (slots $slots)" >&2
  t0=$(now)
  address=$("$here/deploy/flink/cluster.sh" start "$tms" | tail -1)
  echo "$(now) - $t0" | bc > "$out/$name.cluster-seconds"
  run_pipeline "$name" "${flink[@]}" --flinkMaster="$address" --filesToStage="$jar"
  "$here/deploy/flink/cluster.sh" stop >&2
}
if [ -z "${SKIP_CLUSTER:-}" ]; then
  # A failed row exits the script (run_pipeline); the trap stops the cluster then too.
  trap '"$here/deploy/flink/cluster.sh" stop >/dev/null 2>&1 || true' EXIT
  session_row session-1tm 1 2
  session_row session-2tm 2 1
fi

python3 - "$out" "$loop_s" <<'PY'
import json, sys, os, datetime
out, loop_s = sys.argv[1], float(sys.argv[2])
loop = dict(kv.split("=") for kv in open(f"{out}/loop.txt").read().split()[1:])
n = int(loop["sentences_in"])
def stage_seconds(run, stage):
    m = json.load(open(f"{out}/runs/{run}/{stage}/_MANIFEST.json"))
    t = lambda k: datetime.datetime.fromisoformat(m[k].replace("Z", "+00:00"))
    return (t("endTime") - t("startTime")).total_seconds()
rows = [("plain loop (1 thread)", loop_s, None, None, None)]
labels = (("direct", "DirectRunner"),
          ("flink-per-stage", "Flink [local] p=2, cluster per stage"),
          ("flink-per-run", "Flink [local] p=2, cluster per run"),
          ("session-1tm", "session cluster, 1 TM x 2 slots"),
          ("session-2tm", "session cluster, 2 TMs x 1 slot"))
notes = []
for run, label in labels:
    if not os.path.exists(f"{out}/{run}.seconds"):
        continue
    wall = float(open(f"{out}/{run}.seconds").read())
    rows.append((label, wall, stage_seconds(run, "stage"), stage_seconds(run, "vocab"),
                 stage_seconds(run, "encode")))
    if os.path.exists(f"{out}/{run}.cluster-seconds"):
        notes.append(f"{label}: cluster start {float(open(f'{out}/{run}.cluster-seconds').read()):.1f} s (not in wall)")
print(f"\nPAN-X train files: {loop['files']}, sentences read: {n}, kept after dedup: {loop['sentences_kept']}, windows: {loop['windows']}")
print(f"load average before the table: {open('/proc/loadavg').read().split()[0]}")
print(f"| {'runner':38} | {'wall s':>7} | {'stage s':>7} | {'vocab s':>7} | {'encode s':>8} | {'rest s':>6} | {'sent/s':>7} | {'x loop':>6} |")
print("|" + "---|" * 8)
for label, wall, s, v, e in rows:
    fmt = lambda x, w: f"{x:{w}.1f}" if x is not None else f"{'-':>{w}}"
    rest = wall - s - v - e if s is not None else None
    print(f"| {label:38} | {wall:7.1f} | {fmt(s, 7)} | {fmt(v, 7)} | {fmt(e, 8)} | {fmt(rest, 6)} | {n / wall:7.0f} | {loop_s / wall:6.2f} |")
for line in notes:
    print(line)
print("\nx loop = loop wall time / runner wall time (JVM start included for all; target: Flink p=2 >= 1.3)")
PY

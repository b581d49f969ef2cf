#!/usr/bin/env bash
# Meta-step benchmark: a first-order priming meta-step with k inner steps against k + 1 PEFT
# fine-tuning steps of the same batch shape (target: meta <= 1.1 x (k + 1) PEFT steps).
#   bench/meta-step.sh [MetaStepBenchmark options]
# e.g. bench/meta-step.sh --preset tiny --vocab 30000 --ks 1,3,5 --steps 30
# Environment: THREADS (libtorch intra-op threads, default 1), JAVA_OPTS.
# Builds the bench module and what it needs (no install), runs dev.primer.bench.MetaStepBenchmark
# and keeps its output in bench/out/meta-step-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# One reactor call (compile + classpath), so that primer-schemas resolves to its target/classes
# without being installed; Maven fetches the dependency plugin on first use.
mvn -B -q -pl bench -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$cp_file" || { echo "bench: build failed" >&2; exit 1; }
[ -s "$cp_file" ] || { echo "bench: no classpath from Maven" >&2; exit 1; }
mkdir -p bench/out
out="bench/out/meta-step-$(date -u +%Y%m%dT%H%M%SZ).txt"
# shellcheck disable=SC2086
java -Xmx4g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads="${THREADS:-1}" -Dai.djl.pytorch.num_interop_threads=1 \
  ${JAVA_OPTS:-} \
  -cp "bench/target/classes:transforms/target/classes:schemas/target/classes:$(cat "$cp_file")" \
  dev.primer.bench.MetaStepBenchmark "$@" 2>&1 | grep -v -e ' WARN ' -e ' INFO ' | tee "$out"
echo "(load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg); saved in $out)"

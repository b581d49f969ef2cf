#!/usr/bin/env bash
# Runs a primer command on a Flink 1.19 session cluster (Beam's classic FlinkRunner submits the
# job and ships deploy/target/primer-bundled.jar to it).
#
#   FLINK_MASTER=jobmanager:8081 deploy/flink/submit.sh STAGE_OR_COMMAND [more primer options]
#
# Optional environment: PARALLELISM (default 2), RUN_ROOT (default: runs, i.e. a local path the
# TaskManagers must see too: use gs:// or a shared mount on a real cluster), RUN_ID.
# Without FLINK_MASTER the job runs on an embedded MiniCluster ([local]).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command="${1:?usage: submit.sh COMMAND [options]}"; shift
args=(
  --runner=FlinkRunner
  --flinkMaster="${FLINK_MASTER:-[local]}"
  --parallelism="${PARALLELISM:-2}"
  --filesToStage="$here/deploy/target/primer-bundled.jar"
)
[ -n "${RUN_ROOT:-}" ] && args+=(--runRoot="$RUN_ROOT")
[ -n "${RUN_ID:-}" ] && args+=(--runId="$RUN_ID")
exec "$here/primer" "$command" "${args[@]}" "$@"

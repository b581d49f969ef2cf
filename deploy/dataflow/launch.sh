#!/usr/bin/env bash
# Launches a primer command on Google Cloud Dataflow, run root on Cloud Storage.
#
#   deploy/dataflow/launch.sh STAGE_OR_COMMAND [more primer options]
#
# Required environment: PROJECT, REGION, BUCKET (gs://bucket, no trailing slash).
# Optional: RUN_ID (default: today's date), GPU=nvidia-l4 (attach one GPU per worker and use the
# image built from deploy/gpu-worker), IMAGE (that image), MACHINE (worker machine type),
# MAX_WORKERS (default 4).
#
# Examples:
#   PROJECT=p REGION=europe-west4 BUCKET=gs://b deploy/dataflow/launch.sh stage \
#     --corpus=panx:gs://b/corpora/panx/train-*.tsv.gz --corpus=panx:gs://b/corpora/panx/dev-*.tsv.gz
#   GPU=nvidia-l4 IMAGE=europe-west4-docker.pkg.dev/p/primer/gpu-worker:2.70.0 \
#     PROJECT=p REGION=europe-west4 BUCKET=gs://b deploy/dataflow/launch.sh prime
set -euo pipefail
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${BUCKET:?set BUCKET (gs://...)}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command="${1:?usage: launch.sh COMMAND [options]}"; shift
run_id="${RUN_ID:-$(date -u +%Y%m%d)}"

args=(
  --runner=DataflowRunner --project="$PROJECT" --region="$REGION"
  --tempLocation="$BUCKET/tmp" --stagingLocation="$BUCKET/staging"
  --runRoot="$BUCKET/runs" --runId="$run_id"
  --maxNumWorkers="${MAX_WORKERS:-4}"
  --filesToStage="$here/deploy/target/primer-bundled.jar"
  --experiments=use_runner_v2
)
if [ -n "${GPU:-}" ]; then
  : "${IMAGE:?set IMAGE to the image built from deploy/gpu-worker}"
  args+=(
    --sdkContainerImage="$IMAGE"
    "--dataflowServiceOptions=worker_accelerator=type:$GPU;count:1;install-nvidia-driver"
    --workerMachineType="${MACHINE:-g2-standard-8}"
    # One training at a time per GPU: one SDK process per worker, one harness thread pool.
    --numberOfWorkerHarnessThreads=2
  )
elif [ -n "${MACHINE:-}" ]; then
  args+=(--workerMachineType="$MACHINE")
fi

exec "$here/primer" "$command" "${args[@]}" "$@"

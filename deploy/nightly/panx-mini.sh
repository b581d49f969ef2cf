#!/usr/bin/env bash
# The PAN-X mini-protocol: does priming help adapters on languages it never saw?
#
#   deploy/nightly/panx-mini.sh                 # about 30-60 min on 2 CPU cores
#   RUN_ID=panx-mini-2 RUN_ROOT=gs://bucket/runs deploy/nightly/panx-mini.sh --runner=DataflowRunner ...
#
# One `./primer run` over every stage on real PAN-X (WikiAnn, XTREME splits) from ../shared:
#   stage     train splits of the source languages, train + dev of the target languages
#   vocab     mBERT's WordPiece vocabulary pruned to the pieces these languages use
#   encode    first-subword label alignment, windows of 64 pieces
#   episodes  16 support + 16 query sentences from one source language each
#   pretrain  masked-LM pretraining of the tiny preset (hidden 128, 2 layers) on all staged train text
#   prime     three variants from that base: the paper's priming (adapter-only inner loop, encoder
#             outer update), classic MAML (inner loop over all parameters) and multi-task training
#             (no inner loop), the same number of meta-steps each
#   finetune  per target language x setting x seed: Houlsby adapters (or the whole model for the
#             full fine-tuning baseline) on a 500-sentence few-shot train subset, model selected on
#             dev F1; settings full, unprimed (the pretrain base), primed, maml-all, multitask
#   evaluate  every fine-tuned model re-scored on the targets' dev splits
#   report    report.html + summary.json: F1 mean +- std over 3 seeds, primed - unprimed with a
#             95% confidence interval, learning curves
# Flink [local] with parallelism 2 runs the priming variants and the fine-tuning tasks two at a
# time, each deterministic on one thread (rerunning gives the same figures).
#
# Environment: SHARED (default ../shared), RUN_ROOT (default runs), RUN_ID (default panx-mini),
# SOURCES / TARGETS (comma lists, default en,de,es,nl / af,sw,ms). Extra arguments are passed to
# `./primer run` and override the defaults below (e.g. --seeds=5, --runner=DirectRunner).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shared="${SHARED:-$here/../shared}"
panx="$shared/data/ner/panx"
tokenizer="$shared/models/mbert-base-cased/tokenizer.json"
sources="${SOURCES:-en,de,es,nl}"
targets="${TARGETS:-af,sw,ms}"
[ -d "$panx" ] || { echo "panx-mini: $panx not found (set SHARED=path/to/shared)" >&2; exit 2; }

corpus=()
for lang in ${sources//,/ }; do corpus+=("--corpus=panx:$panx/train-$lang.tsv.gz"); done
for lang in ${targets//,/ }; do
  corpus+=("--corpus=panx:$panx/train-$lang.tsv.gz" "--corpus=panx:$panx/dev-$lang.tsv.gz")
done

defaults=(
  --stages=stage,vocab,encode,episodes,pretrain,prime,finetune,evaluate,report
  --runRoot="${RUN_ROOT:-runs}" --runId="${RUN_ID:-panx-mini}"
  --runner=FlinkRunner --flinkMaster='[local]' --parallelism=2
  --vocabMode=prune --tokenizer="$tokenizer" --maxLength=64
  --sourceLangs="$sources" --targetLangs="$targets"
  --supportSize=16 --querySize=16 --episodes=4000
  --preset=tiny --pretrainSteps=2000 --pretrainBatchSize=32 --pretrainLr=1e-3
  --primeVariants=primed,maml-all,multitask --metaSteps=300 --metaBatch=4 --innerSteps=3
  --innerLr=0.05 --outerLr=5e-4 --checkpointEvery=100
  --settings=full,unprimed,primed,maml-all,multitask --methods=adapter-houlsby --seeds=3
  --fewShot=500 --maxSteps=300 --evalEvery=100 --finetuneBatchSize=16
  --finetuneLr=3e-3 --finetuneFullLr=5e-4
  --deterministic=true
)
# A default is dropped when the caller gives the same option.
args=()
for d in "${defaults[@]}"; do
  name="${d%%=*}"
  for a in "$@"; do [ "${a%%=*}" = "$name" ] && continue 2; done
  args+=("$d")
done
exec "$here/primer" run "${args[@]}" "${corpus[@]}" "$@"

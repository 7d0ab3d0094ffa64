#!/usr/bin/env bash
# Starts training, or continues the run when its directory already holds a checkpoint
# (train --resume starts afresh when there is none yet). After training the container keeps
# serving metrics, the live view and sample streams until it is stopped. FLOWMAP_CONFIG names the
# config; by default configs/default.yaml, the first-run recipe on a 10-minute budget.
set -euo pipefail
config="${FLOWMAP_CONFIG:-/configs/default.yaml}"
out="${FLOWMAP_OUT:-/runs/default}"
VECTOR=""
if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'; then
  VECTOR="--add-modules jdk.incubator.vector" # the fused element-wise kernels (JDK Vector API)
fi
exec java $VECTOR ${JAVA_OPTS:-} -jar /app/flowmap.jar train --config "$config" --host 0.0.0.0 --port 8080 \
  --out "$out" --resume --keep-serving --no-progress "$@"

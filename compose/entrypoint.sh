#!/usr/bin/env bash
# Starts training; continues the run when its directory already holds a checkpoint.
set -euo pipefail
config="${FLOWMAP_CONFIG:-/configs/default.yaml}"
out="${FLOWMAP_OUT:-/runs/default}"
args=(train --config "$config" --host 0.0.0.0 --port 8080 --out "$out")
if [ -e "$out/checkpoint" ]; then
  args+=(--resume)
fi
exec java ${JAVA_OPTS:-} -jar /app/flowmap.jar "${args[@]}" "$@"

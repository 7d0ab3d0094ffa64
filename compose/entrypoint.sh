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
# OpenBLAS 0.3.19 does not know AMD CPUs with AVX-512 (Zen 4, Zen 5) and runs older kernels there;
# on a Zen 5, SkylakeX's ran GEMM 1.8x and LSD 1.5x faster than Haswell's (docs/speed.md). A value
# set in the environment wins; set but empty, it keeps OpenBLAS's own choice.
if [ -z "${OPENBLAS_CORETYPE+set}" ]; then
  cpu="$(sed -n '/^vendor_id/p; /^flags/{p;q}' "${FLOWMAP_CPUINFO:-/proc/cpuinfo}" 2>/dev/null || true)"
  case "$cpu " in *AuthenticAMD*" avx512f "*) export OPENBLAS_CORETYPE=SkylakeX ;; esac
elif [ -z "$OPENBLAS_CORETYPE" ]; then
  unset OPENBLAS_CORETYPE # OpenBLAS would take "" for an unknown core and fall back to another
fi
exec java $VECTOR ${JAVA_OPTS:-} -jar /app/flowmap.jar train --config "$config" --host 0.0.0.0 --port 8080 \
  --out "$out" --resume --keep-serving --no-progress "$@"

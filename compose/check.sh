#!/usr/bin/env bash
# compose/check.sh [--without grafana]: brings the compose stack up, checks every service from
# outside, stops the trainer during an evaluation, restarts the stack and checks the resume.
# One line per check (PASS/FAIL), a summary line, exit status 1 when a check failed, 2 on bad use.
#
# Needs Docker with Compose v2, curl and python3. The trainer writes its own run directory,
# runs/compose-check-<time>, with a short evaluation interval; the stack's volumes (Kafka,
# Prometheus, Grafana) are kept. It refuses to run while the stack is already up.
#   COMPOSE   the compose command with the project's file, default
#             "docker compose -f <repo>/compose/docker-compose.yml" (docs/compose.md: Compose v1)
#   CHECK_WAIT seconds to wait for each condition, default 300
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
COMPOSE=${COMPOSE:-docker compose -f $root/compose/docker-compose.yml}
WAIT=${CHECK_WAIT:-300}
EVAL_AT=30             # the step whose evaluation is interrupted
EVAL_LONG=2000000      # samples per N there: minutes of work, so the stop lands inside it
EVAL_SHORT=20000       # samples per N after the restart

services=(kafka flowmap consumer prometheus grafana)
while [ $# -gt 0 ]; do
  case $1 in
    --without) [ "${2:-}" = grafana ] || { echo "check.sh: --without takes grafana, got '${2:-}'" >&2; exit 2; }
               services=(kafka flowmap consumer prometheus); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check.sh: unknown argument '$1' (usage: check.sh [--without grafana])" >&2; exit 2 ;;
  esac
done
for tool in curl python3 docker; do
  command -v "$tool" >/dev/null || { echo "check.sh: $tool is not installed" >&2; exit 2; }
done
with_grafana() { [[ " ${services[*]} " == *" grafana "* ]]; }

run=compose-check-$(date -u +%Y%m%d-%H%M%S)
rundir=$root/runs/$run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PASSED=0; FAILED=0
pass() { printf 'PASS  %s\n' "$*"; PASSED=$((PASSED + 1)); }
fail() { printf 'FAIL  %s\n' "$*"; FAILED=$((FAILED + 1)); }
finish() {
  printf '%d checks passed, %d failed; trainer run directory %s\n' "$PASSED" "$FAILED" "runs/$run"
  [ "$FAILED" = 0 ]; exit $?
}

# The trainer's command with a short evaluation interval; $1 = samples per periodic evaluation.
override() {
  cat > "$work/override.yml" <<EOF
services:
  flowmap:
    environment:
      FLOWMAP_OUT: /runs/$run
    command: ["--kafka", "kafka:9092", "--kafka-topic", "flowmap-samples", "--kafka-rate", "10000",
              "--set", "train.eval_every=$EVAL_AT", "--set", "train.checkpoint_every=$EVAL_AT",
              "--set", "train.log_every=10", "--set", "train.eval_samples=$1"]
EOF
}
dc() { $COMPOSE -f "$work/override.yml" "$@"; }
cid() { dc ps -q "$1" 2>/dev/null | head -1; }
state() {
  local c; c=$(cid "$1"); [ -n "$c" ] || { echo absent; return; }
  docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$c"
}
# Polls "$@" once a second until it succeeds or WAIT seconds pass.
until_ok() {
  local end=$(( $(date +%s) + WAIT ))
  until "$@"; do [ "$(date +%s)" -ge "$end" ] && return 1; sleep 1; done
}
healthy_all() {
  local s want
  for s in "${services[@]}"; do
    want=healthy; [ "$s" = consumer ] && want=running
    [ "$(state "$s")" = "$want" ] || return 1
  done
}
json() { python3 -c "import json, sys; d = json.load(sys.stdin); $1"; }
steps_done() {  # training steps this trainer process has made, from its /metrics
  curl -fsS --max-time 5 localhost:8080/metrics 2>/dev/null |
    awk '/^flowmap_train_steps_total/ { print int($2) }' | head -1
}
jsonl_steps() { [ -f "$1" ] && python3 -c "import json, sys; print(' '.join(str(json.loads(l)['step']) for l in open(sys.argv[1]) if l.strip()))" "$1"; }
up_and_healthy() {  # $1: what this start is
  local t0=$(date +%s)
  if ! dc up -d --build "${services[@]}" > "$work/up.log" 2>&1; then
    fail "$1: up failed: $(tail -1 "$work/up.log")"; return 1
  fi
  if until_ok healthy_all; then
    local s line=""
    for s in "${services[@]}"; do line+="$s $(state "$s"), "; done
    pass "$1: ${line%, } after $(( $(date +%s) - t0 )) s"
  else
    local s want
    for s in "${services[@]}"; do
      want=healthy; [ "$s" = consumer ] && want=running
      [ "$(state "$s")" = "$want" ] || fail "$1: $s is $(state "$s") after $WAIT s"
    done
    return 1
  fi
}

for s in "${services[@]}"; do
  c=$(cid "$s")
  if [ -n "$c" ] && [ "$(docker inspect -f '{{.State.Running}}' "$c")" = true ]; then
    echo "check.sh: the stack is already running ($s); stop it first (compose down), the check restarts it" >&2
    exit 2
  fi
done

# 1. up and healthy
override "$EVAL_LONG"
up_and_healthy "stack up" || finish

# 2. each service from outside
n=$(curl -fsS --max-time 10 localhost:8080/metrics | grep -c '^flowmap_')
[ "${n:-0}" -gt 0 ] && pass "trainer GET :8080/metrics: $n flowmap_ samples" || fail "trainer GET :8080/metrics: no flowmap_ samples"
n=$(curl -fsS --max-time 30 'localhost:8080/samples?steps=1&count=1000' | grep -c '"x":')
[ "$n" = 1000 ] && pass "trainer GET :8080/samples?steps=1&count=1000: 1000 samples" || fail "trainer GET :8080/samples: ${n:-0} samples, expected 1000"

target_up() {
  curl -fsS --max-time 5 'localhost:9090/api/v1/targets?state=active' 2>/dev/null |
    json 'print(" ".join(t["scrapeUrl"] + " " + t["health"] for t in d["data"]["activeTargets"] if t["labels"].get("job") == "flowmap"))' \
    > "$work/target" 2>/dev/null && grep -q ' up' "$work/target"
}
until_ok target_up && pass "prometheus target: $(cat "$work/target")" || fail "prometheus target flowmap: $(cat "$work/target" 2>/dev/null) not up"

# the first query of the training dashboard, with Grafana's variables filled in
expr=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = next(t["expr"] for p in d["panels"] for t in p.get("targets", []) if t.get("expr"))
print(e.replace("$__rate_interval", "1m").replace("$run", ".*").replace("$method", ".*").replace("$stage", ".*"))
' "$root/dashboards/training.json")
query_has_data() {
  curl -fsS --max-time 5 -G localhost:9090/api/v1/query --data-urlencode "query=$expr" 2>/dev/null |
    json 'r = d["data"]["result"]; print(len(r)); sys.exit(0 if r else 1)' > "$work/series" 2>/dev/null
}
until_ok query_has_data && pass "prometheus dashboard query $expr: $(cat "$work/series") series" ||
  fail "prometheus dashboard query $expr: no data"

consumer_line() { docker logs --tail 50 "$(cid consumer)" 2>&1 | grep ' samples/s' | tail -1 > "$work/consumer" && [ -s "$work/consumer" ]; }
until_ok consumer_line && pass "kafka -> consumer: $(cut -c1-110 "$work/consumer")" ||
  fail "kafka -> consumer: no 'samples/s' line in the consumer's log"

if with_grafana; then
  h=$(curl -fsS --max-time 5 localhost:3000/api/health | json 'print(d.get("database"))' 2>/dev/null)
  [ "$h" = ok ] && pass "grafana GET :3000/api/health: database ok" || fail "grafana /api/health: database ${h:-unreachable}"
  want=$(python3 -c 'import json, sys; print("|".join(sorted(json.load(open(f))["title"] for f in sys.argv[1:])))' "$root"/dashboards/*.json)
  got=$(curl -fsS --max-time 5 'localhost:3000/api/search?type=dash-db' | json 'print("|".join(sorted(x["title"] for x in d)))' 2>/dev/null)
  [ "$got" = "$want" ] && pass "grafana provisioned dashboards: ${got//|/, }" || fail "grafana dashboards: '${got}', expected '${want}'"
fi

# 3. SIGTERM (docker stop) during the evaluation of step EVAL_AT
evaluating() {  # the step counter has stopped at EVAL_AT for two seconds
  [ "$(steps_done)" = "$EVAL_AT" ] && sleep 2 && [ "$(steps_done)" = "$EVAL_AT" ]
}
if until_ok evaluating; then
  pass "trainer evaluating step $EVAL_AT ($EVAL_LONG samples per N; its step counter is still)"
  c=$(cid flowmap); t0=$(date +%s.%N)
  dc stop flowmap > "$work/stop.log" 2>&1
  took=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)")
  code=$(docker inspect -f '{{.State.ExitCode}}' "$c")
  # the trainer's own part: from its "stopping:" line (the signal handled) to the container's exit
  inner=$(python3 -c '
import sys
from datetime import datetime
def t(s):  # RFC 3339 with nanoseconds -> seconds
    s = s.strip().replace("Z", "")
    day, _, frac = s.partition(".")
    return datetime.fromisoformat(day).timestamp() + float("0." + (frac or "0"))
print(f"{t(sys.argv[2]) - t(sys.argv[1]):.1f}")' "$(docker logs -t "$c" 2>&1 | grep ' stopping:' | tail -1 | cut -d' ' -f1)" \
    "$(docker inspect -f '{{.State.FinishedAt}}' "$c")" 2>/dev/null)
  [ "$code" = 0 ] && pass "docker stop during the evaluation: exit 0, ${inner:-?} s from the trainer's 'stopping:' line to its exit, $took s for the whole stop command" ||
    fail "docker stop during the evaluation: exit $code after $took s"
  line=$(docker logs --tail 20 "$c" 2>&1 | grep 'stopped at step' | tail -1)
  ck=$(python3 -c '
import struct, sys
b = open(sys.argv[1], "rb").read()
n = struct.unpack(">i", b[8:12])[0]
print(struct.unpack(">q", b[12 + n:20 + n])[0])' "$rundir/checkpoint.bin" 2>/dev/null)
  [ "$ck" = "$EVAL_AT" ] && pass "checkpoint: runs/$run/checkpoint.bin is step $ck; log: $line" ||
    fail "checkpoint: step ${ck:-none}, expected $EVAL_AT; log: ${line:-no 'stopped at step' line}"
  [[ " $(jsonl_steps "$rundir/evals.jsonl") " != *" $EVAL_AT "* ]] &&
    pass "evaluation of step $EVAL_AT abandoned (not in evals.jsonl)" || fail "evaluation of step $EVAL_AT was logged: it was not cut"
else
  fail "trainer never sat in the evaluation of step $EVAL_AT (steps done: $(steps_done))"
fi

# 4. restart the whole stack (volumes kept), with a shorter periodic evaluation
dc down > "$work/down.log" 2>&1 && pass "stack down (volumes kept)" || fail "stack down: $(tail -1 "$work/down.log")"
override "$EVAL_SHORT"
up_and_healthy "stack up again" || finish
c=$(cid flowmap)
line=$(docker logs "$c" 2>&1 | grep 'config differs' | head -1)
[[ $line == *"train.eval_samples $EVAL_LONG -> $EVAL_SHORT"* ]] && pass "resume names the changed config: $line" ||
  fail "resume: no line naming train.eval_samples $EVAL_LONG -> $EVAL_SHORT"
past() { [[ " $(jsonl_steps "$rundir/train.jsonl") " == *" $((EVAL_AT + 10)) "* ]]; }
if until_ok past; then
  steps=$(jsonl_steps "$rundir/train.jsonl")
  python3 -c 'import sys; s = list(map(int, sys.argv[1:])); sys.exit(0 if s == sorted(set(s)) else 1)' $steps &&
    pass "resumed from step $EVAL_AT: train.jsonl steps ${steps%% *} .. ${steps##* } in order, none repeated" ||
    fail "train.jsonl repeats steps after the restart: $steps"
else
  fail "resume: no step $((EVAL_AT + 10)) in runs/$run/train.jsonl after the restart"
fi
redone() { [[ " $(jsonl_steps "$rundir/evals.jsonl") " == *" $EVAL_AT "* ]]; }
until_ok redone && pass "the abandoned evaluation of step $EVAL_AT was redone on resume" ||
  fail "evals.jsonl has no step $EVAL_AT after the resume"
ls -d "$rundir"/stale-* >/dev/null 2>&1 && fail "a stale-* directory: the resume started afresh" ||
  pass "no fresh start: nothing moved aside"

dc down > "$work/down.log" 2>&1 && pass "stack down (volumes kept)" || fail "stack down: $(tail -1 "$work/down.log")"
finish

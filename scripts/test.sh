#!/usr/bin/env bash
# The project's test command (`npm test`): static checks, build, bun suites, Deno smoke.
# Each static check and the build count as one test; bun and deno report their own counts.
# Ends with exactly `N passed, N failed` and exits non-zero when anything failed.
# Expects `npm ci` to have run (the toolchain lives in node_modules/.bin).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
ROOT=$(pwd)
BIN="$ROOT/node_modules/.bin"
export NO_COLOR=1 FORCE_COLOR=0
PASSED=0
FAILED=0
FAILURES=()
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/dokku-test-logs.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT

if [ ! -x "$BIN/bun" ] || [ ! -x "$BIN/deno" ] || [ ! -x "$BIN/tsc" ]; then
  echo "node_modules/.bin/{bun,deno,tsc} missing: run 'npm ci' first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

strip_ansi() { sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g'; }

section() { printf '\n==> %s\n' "$1"; }

# add PASS FAIL NAME [LOG]: adds counts; NAME (and LOG, for the closing details) is remembered
# when FAIL > 0.
FAILED_LOGS=()
add() {
  PASSED=$((PASSED + $1))
  FAILED=$((FAILED + $2))
  if [ "$2" -gt 0 ]; then
    FAILURES+=("$3 ($2)")
    if [ -n "${4:-}" ]; then FAILED_LOGS+=("$4"); fi
  fi
}

# fail_details LOG: each failed test of a bun log with what it printed since the test before it
# (its error and output, at most 60 lines), so that the end of a long CI log names what failed and
# why. bun repeats the `(fail)` lines in its closing summary: each is shown once.
fail_details() {
  strip_ansi <"$1" | awk '
    /^\((pass|skip|todo)\)/ { n = 0; next }
    /^\(fail\)/ {
      if ($0 in seen) { n = 0; next }
      seen[$0] = 1
      if (++shown <= 5) { print "----"; for (i = (n > 60 ? n - 59 : 1); i <= n; i++) print buf[i]; print }
      n = 0
      next
    }
    { buf[++n] = $0 }
    END { if (shown > 5) print "(" shown - 5 " more failed tests in this suite not shown)" }'
}

# check NAME CMD...: a command that counts as one test.
check() {
  local name=$1
  shift
  section "$name"
  if "$@"; then add 1 0 "$name"; else add 0 1 "$name"; fi
}

# Last `N <word>` summary line of a bun run, e.g. ` 98 pass`; empty when absent.
bun_count() { strip_ansi <"$2" | grep -E "^[[:space:]]*[0-9]+ $1\$" | tail -n 1 | tr -dc '0-9'; }

# bun_run NAME LOG FILES...: runs `bun test FILES` against the compiled binary into LOG; echoes rc.
bun_run() {
  local name=$1 log=$2
  shift 2
  DOKKU_BIN="$ROOT/dist/dokku" "$BIN/bun" test --timeout 120000 "$@" >"$log" 2>&1
  echo $? >"$log.rc"
}

# bun_tally NAME LOG: adds the counts of a finished bun_run.
bun_tally() {
  local name=$1 log=$2 rc pass fail
  rc=$(cat "$log.rc" 2>/dev/null || echo 1)
  pass=$(bun_count pass "$log")
  fail=$(bun_count fail "$log")
  if [ -z "$pass" ] && [ -z "$fail" ]; then
    echo "!! bun test $name printed no summary (exit $rc)"
    add 0 1 "bun test $name: no summary"
    return
  fi
  pass=${pass:-0}
  fail=${fail:-0}
  # A crash outside any test can exit non-zero with 0 counted failures: count it once.
  if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
  add "$pass" "$fail" "bun test $name" "$log"
}

# test_files DIR [EXCLUDE]: the suite's files, sorted, without EXCLUDE.
test_files() {
  find "$1" -name '*.test.ts' | LC_ALL=C sort | grep -v -x -F "${2:-/nonexistent}" || true
}

# Seconds each integration file took in a CI run (sum of its tests); a file not listed counts 20.
# Only the split of files into groups depends on these numbers: keep them roughly current.
INTEGRATION_SECONDS="
cron-run 264 builders 208 deploy 142 images 131 checks-rollout 130 builders-archive 130
deploy-network 84 builders-push 81 app-json-tasks 64 oneoff-deployed 58 proxy-nginx 56
checks-deploy 52 proxy-isolation 38 run-manage 38 registry-push 29 engine-contract 27
destroy-containers 25 restore 24 swarm-world 23 checks-run 20 destroy-images 20 builds-cancel 19
scheduler-swarm 17 run 17 enter 11 docker-host 9 options-docker-args 4 logs 4 git-from-image 4
swarm-deploy 250 community-postgres 40
"

# integration_group N: the files of group N (0 or 1), dealt longest first to the group with less
# time so far.
integration_group() {
  test_files tests/integration | awk -v want="$1" -v weights="$INTEGRATION_SECONDS" '
    BEGIN { n = split(weights, w, /[ \n]+/); key = ""; for (i = 1; i <= n; i++) if (w[i] != "") { if (key == "") key = w[i]; else { secs[key] = w[i] + 0; key = "" } } }
    { name = $0; sub(/^.*\//, "", name); sub(/\.test\.ts$/, "", name); files[NR] = $0; t[NR] = (name in secs) ? secs[name] : 20 }
    END {
      for (k = 1; k <= NR; k++) order[k] = k
      for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
        if (t[order[j]] > t[order[i]] || (t[order[j]] == t[order[i]] && files[order[j]] < files[order[i]])) { x = order[i]; order[i] = order[j]; order[j] = x }
      load[0] = 0; load[1] = 0
      for (k = 1; k <= NR; k++) {
        f = order[k]; g = (load[1] < load[0]) ? 1 : 0
        load[g] += t[f]
        if (g == want) printf "./%s ", files[f]
      }
    }'
}

# bun_suite DIR: one suite in the foreground, output shown as it runs.
bun_suite() {
  local dir=$1 log
  [ -n "$(test_files "$dir")" ] || return 0
  section "bun test $dir"
  log="$LOGS/bun-$(echo "$dir" | tr '/' '-').log"
  DOKKU_BIN="$ROOT/dist/dokku" "$BIN/bun" test --timeout 120000 "./$dir" 2>&1 | tee "$log"
  echo "${PIPESTATUS[0]}" >"$log.rc"
  bun_tally "$dir" "$log"
}

# bun_parallel NAME:FILES... groups: each group runs in its own bun process at the same time
# (independent suites share nothing but dockerd, so CI time is the longest group, not the sum);
# their logs are printed one after the other when all are done.
bun_parallel() {
  local group name files log pids=() names=() logs=()
  for group in "$@"; do
    name=${group%%:*}
    files=${group#*:}
    [ -n "$files" ] || continue
    log="$LOGS/bun-$(echo "$name" | tr '/ ' '--').log"
    # shellcheck disable=SC2086 # FILES is a space separated list of paths without spaces
    bun_run "$name" "$log" $files &
    pids+=($!)
    names+=("$name")
    logs+=("$log")
  done
  section "bun test, in parallel: ${names[*]}"
  for pid in "${pids[@]}"; do wait "$pid"; done
  for i in "${!names[@]}"; do
    section "bun test ${names[$i]}"
    cat "${logs[$i]}"
    bun_tally "${names[$i]}" "${logs[$i]}"
  done
}

# deno_suite: the Deno smoke run; parses `ok | N passed | N failed`.
deno_suite() {
  local log="$LOGS/deno.log" rc line pass fail
  section "deno test tests/deno"
  DOKKU_BIN="$ROOT/dist/dokku" "$BIN/deno" test -A tests/deno/ 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(strip_ansi <"$log" | grep -E '^(ok|FAILED) \| [0-9]+ passed' | tail -n 1)
  if [ -z "$line" ]; then
    echo "!! deno test printed no summary (exit $rc)"
    add 0 1 "deno test: no summary"
    return
  fi
  pass=$(echo "$line" | sed -E 's/.*\| ([0-9]+) passed.*/\1/')
  fail=$(echo "$line" | sed -E 's/.*\| ([0-9]+) failed.*/\1/')
  if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
  add "$pass" "$fail" "deno test"
}

check "tsc --noEmit" "$BIN/tsc" --noEmit -p tsconfig.json
check "deno check src/main.ts" "$BIN/deno" check src/main.ts
check "check-boundaries" "$BIN/bun" scripts/check-boundaries.ts
BUILD_FAILED=$FAILED
check "build dist/dokku" "$BIN/bun" scripts/build.ts
if [ "$FAILED" -gt "$BUILD_FAILED" ]; then BUILT=false; else BUILT=true; fi

bun_suite tests/unit
if $BUILT; then
  # install.test.ts installs onto this machine (stops and starts sshd and nginx): alone, first.
  INSTALL_TEST=tests/e2e/install.test.ts
  if [ -f "$INSTALL_TEST" ]; then
    section "bun test $INSTALL_TEST"
    bun_run "$INSTALL_TEST" "$LOGS/bun-install.log" "./$INSTALL_TEST"
    cat "$LOGS/bun-install.log"
    bun_tally "$INSTALL_TEST" "$LOGS/bun-install.log"
  fi
  E2E=$(test_files tests/e2e "$INSTALL_TEST" | sed 's|^|./|' | tr '\n' ' ')
  # Integration files are split into two groups of about equal time: their time is mostly spent
  # waiting (builds, checks, daemons), so CI takes the longest group rather than the sum.
  INTEGRATION_A=$(integration_group 0)
  INTEGRATION_B=$(integration_group 1)
  bun_parallel "tests/e2e:$E2E" "tests/integration (1 of 2):$INTEGRATION_A" "tests/integration (2 of 2):$INTEGRATION_B"
  deno_suite
else
  # dist/dokku may be stale: suites that run it are not trusted, each counts as failed.
  add 0 1 "e2e/integration/deno suites not run (build failed)"
fi

echo
if [ "${#FAILURES[@]}" -gt 0 ]; then
  echo "Failed:"
  printf '  %s\n' "${FAILURES[@]}"
  for log in "${FAILED_LOGS[@]}"; do
    echo
    echo "Failure details from ${log##*/}:"
    fail_details "$log"
  done
  echo
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

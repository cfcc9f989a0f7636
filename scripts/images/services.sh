#!/usr/bin/env bash
# Builds the service images community plugins run in the offline test world, each from
# tests/fixtures/images/<name> on top of the base image: dokku-test/postgres:15 (Debian's
# postgresql with the official image's entrypoint contract), dokku-test/wait:latest (dokku/wait)
# and dokku-test/lego:4.9.1 (Debian's lego). Tests point the plugins at them with .dokkurc exports.
# Each image is skipped when its tag carries the same content hash (context files + base image id).
#
# Usage: scripts/images/services.sh [--force] [NAME...]   (default: every image)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FIXTURES="$(cd "$HERE/../../tests/fixtures/images" && pwd)"
BASE="${DOKKU_TEST_BASE_IMAGE:-dokku-test/debian:bookworm}"
FORCE=0
if [[ "${1:-}" == "--force" ]]; then FORCE=1; shift; fi
declare -A TAGS=([postgres]="dokku-test/postgres:15" [wait]="dokku-test/wait:latest" [lego]="dokku-test/lego:4.9.1")
NAMES=("$@")
[[ ${#NAMES[@]} -gt 0 ]] || NAMES=(postgres wait lego)

log() { echo "-----> service images: $*"; }
fail() { echo " !     service images: $*" >&2; exit 1; }

docker info >/dev/null 2>&1 || fail "no Docker daemon answers; run scripts/docker-up.sh first"
docker image inspect "$BASE" >/dev/null 2>&1 || bash "$HERE/base.sh"
base_id="$(docker image inspect --format '{{.Id}}' "$BASE")"

for name in "${NAMES[@]}"; do
  image="${TAGS[$name]:-}"
  [[ -n "$image" ]] || fail "unknown image $name (known: ${!TAGS[*]})"
  context="$FIXTURES/$name"
  hash="$(
    cd "$context"
    echo "$base_id"
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    find . -type f -perm -u+x | LC_ALL=C sort
  )"
  hash="$(sha256sum <<<"$hash" | cut -c1-16)"
  current="$(docker image inspect --format '{{index .Config.Labels "com.dokku.test-image.hash"}}' "$image" 2>/dev/null || true)"
  if [[ $FORCE == 0 && "$current" == "$hash" ]]; then
    log "$image is up to date ($hash), skipping"
    continue
  fi
  started=$SECONDS
  build_log="$(mktemp "${TMPDIR:-/tmp}/service-image.XXXXXX.log")"
  log "building $image from $BASE (content $hash)"
  # The legacy builder: Debian's dockerd with no buildx plugin on the client.
  if ! DOCKER_BUILDKIT=0 docker build --build-arg "BASE_IMAGE=$BASE" --label "com.dokku.test-image.hash=$hash" \
    --tag "$image" "$context" >"$build_log" 2>&1; then
    tail -n 30 "$build_log" >&2
    fail "docker build of $image failed (full log: $build_log)"
  fi
  rm -f "$build_log"
  log "$image ready in $((SECONDS - started))s"
done

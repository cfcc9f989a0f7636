#!/usr/bin/env bash
# Builds dokku-test/herokuish:latest, the herokuish-compatible test builder, from
# tests/fixtures/herokuish on top of the base image (built first when missing).
# Skips when the tag exists and carries the same content hash (fixture files + base image id), so
# editing a test buildpack rebuilds the image and nothing else does.
#
# Usage: scripts/images/herokuish.sh [--force]
# Env:   DOKKU_TEST_HEROKUISH_IMAGE (default dokku-test/herokuish:latest), DOKKU_TEST_BASE_IMAGE
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONTEXT="$(cd "$HERE/../../tests/fixtures/herokuish" && pwd)"
IMAGE="${DOKKU_TEST_HEROKUISH_IMAGE:-dokku-test/herokuish:latest}"
BASE="${DOKKU_TEST_BASE_IMAGE:-dokku-test/debian:bookworm}"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { echo "-----> herokuish image: $*"; }
fail() { echo " !     herokuish image: $*" >&2; exit 1; }

docker info >/dev/null 2>&1 || fail "no Docker daemon answers; run scripts/docker-up.sh first"
docker image inspect "$BASE" >/dev/null 2>&1 || bash "$HERE/base.sh"

base_id="$(docker image inspect --format '{{.Id}}' "$BASE")"
hash="$(
  cd "$CONTEXT"
  echo "$base_id"
  find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  find . -type f -perm -u+x | LC_ALL=C sort
)"
hash="$(sha256sum <<<"$hash" | cut -c1-16)"

current="$(docker image inspect --format '{{index .Config.Labels "com.dokku.test-image.hash"}}' "$IMAGE" 2>/dev/null || true)"
if [[ $FORCE == 0 && "$current" == "$hash" ]]; then
  log "$IMAGE is up to date ($hash), skipping"
  exit 0
fi

started=$SECONDS
build_log="$(mktemp "${TMPDIR:-/tmp}/herokuish-image.XXXXXX.log")"
log "building $IMAGE from $BASE (content $hash)"
# The legacy builder: Debian's dockerd 20.10 with no buildx plugin on the client.
if ! DOCKER_BUILDKIT=0 docker build --build-arg "BASE_IMAGE=$BASE" --label "com.dokku.test-image.hash=$hash" \
  --tag "$IMAGE" "$CONTEXT" >"$build_log" 2>&1; then
  tail -n 30 "$build_log" >&2
  fail "docker build failed (full log: $build_log)"
fi
rm -f "$build_log"
log "$IMAGE ready in $((SECONDS - started))s"

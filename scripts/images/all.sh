#!/usr/bin/env bash
# Everything the Docker-backed tests need, in order: a running daemon, the Debian base image, the
# herokuish test image, the service images the community-plugin tests use (services.sh: postgres,
# wait, lego). Each step is idempotent and quick when there is nothing to do; a lock serialises
# concurrent callers (parallel test processes) so an image is never built twice at once.
# Usage: scripts/images/all.sh [--force]   (--force rebuilds them all)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/../docker-up.sh"
LOCK="${DOKKU_TEST_CACHE_DIR:-/var/cache/dokku-test}/images.lock"
mkdir -p "$(dirname "$LOCK")"
exec 9>"$LOCK"
flock -w 900 9 || { echo " !     test images: timed out waiting for $LOCK" >&2; exit 1; }
bash "$HERE/base.sh" "$@"
bash "$HERE/herokuish.sh" "$@"
bash "$HERE/services.sh" "$@"

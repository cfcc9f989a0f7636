#!/usr/bin/env bash
# Builds the Debian base image every test image starts from, without a registry:
#   debootstrap --variant=minbase bookworm DIR  ->  tar | docker import  ->  dokku-test/debian:bookworm
# The rootfs tarball is cached so a machine whose images were wiped re-imports in seconds.
# debootstrap uses its default mirror on purpose: no mirror host name is written into the repo.
#
# Usage: scripts/images/base.sh [--force]   (--force re-imports even when the tag exists)
# Env:   DOKKU_TEST_BASE_IMAGE (default dokku-test/debian:bookworm)
#        DOKKU_TEST_CACHE_DIR  (default /var/cache/dokku-test)
set -euo pipefail

IMAGE="${DOKKU_TEST_BASE_IMAGE:-dokku-test/debian:bookworm}"
CACHE_DIR="${DOKKU_TEST_CACHE_DIR:-/var/cache/dokku-test}"
SUITE=bookworm
TARBALL="$CACHE_DIR/debian-$SUITE-minbase.tar"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { echo "-----> base image: $*"; }
fail() { echo " !     base image: $*" >&2; exit 1; }

command -v docker >/dev/null || fail "docker CLI not found; run scripts/docker-up.sh first"
docker info >/dev/null 2>&1 || fail "no Docker daemon answers; run scripts/docker-up.sh first"

if [[ $FORCE == 0 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE exists, skipping"
  exit 0
fi

build_tarball() {
  [[ $(id -u) == 0 ]] || fail "debootstrap needs root"
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    apt-get update -qq
    apt-get install -y -qq -o DPkg::Lock::Timeout=600 debootstrap >/dev/null
  fi
  mkdir -p "$CACHE_DIR"
  local dir
  dir="$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")"
  # debootstrap mounts proc/sys inside the target; unmount before deleting on any exit.
  trap 'umount -R "$dir/proc" "$dir/sys" 2>/dev/null || true; rm -rf "$dir" "$TARBALL.partial"' EXIT
  log "debootstrap --variant=minbase $SUITE (log: $CACHE_DIR/debootstrap.log)"
  if ! debootstrap --variant=minbase "$SUITE" "$dir" >"$CACHE_DIR/debootstrap.log" 2>&1; then
    tail -n 20 "$CACHE_DIR/debootstrap.log" >&2
    fail "debootstrap failed"
  fi
  # Container conventions (as Debian's official images): no daemons started by package scripts,
  # no recommends, no apt caches or lists baked in (each build runs apt-get update itself).
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 0755 "$dir/usr/sbin/policy-rc.d"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$dir/etc/apt/apt.conf.d/90dokku-test"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/var/log/*.log
  tar -C "$dir" --numeric-owner --xattrs -cf "$TARBALL.partial" .
  mv "$TARBALL.partial" "$TARBALL"
  rm -rf "$dir"
  trap - EXIT
}

started=$SECONDS
if [[ ! -s "$TARBALL" ]]; then
  build_tarball
else
  log "using cached rootfs $TARBALL"
fi

log "importing as $IMAGE"
docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  --change 'LABEL com.dokku.test-image=base' \
  "$TARBALL" "$IMAGE" >/dev/null
log "$IMAGE ready in $((SECONDS - started))s"

#!/usr/bin/env bash
# Installs the Debian packages the test suites need when they are missing, and (in later
# issues) starts the services integration tests use: dockerd, nginx, sshd. Safe to run twice.
# nginx is only installed: tests start their own master, never the system one.
set -euo pipefail

# command -> Debian package
declare -A PACKAGES=(
  [git]=git
  [tar]=tar
  [sudo]=sudo
  [ssh]=openssh-client
  [ssh-keygen]=openssh-client
  [sshd]=openssh-server # tests/_harness/sshd.ts starts its own sshd on a loopback port
  [nginx]=nginx         # tests/_harness/nginx.ts starts its own nginx on loopback ports
  [openssl]=openssl     # certs:generate and certs:report
  [curl]=curl           # HTTP and HTTPS requests through that nginx (--resolve for SNI)
  [pgrep]=procps        # waiting for nginx's old workers after a reload
  [crontab]=cron        # the cron suites install crontabs; tests/_harness/crontab.ts starts the daemon
  [docker-registry]=docker-registry # tests/_harness/registry.ts starts its own registry on a loopback port
  [pebble]=pebble       # ACME test server (and pebble-challtestsrv) for dokku-letsencrypt issuing certificates
  [nsenter]=util-linux  # the letsencrypt suite runs its nginx in a container's network namespace
)

missing=()
for command in "${!PACKAGES[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${PACKAGES[$command]}")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "ci-services: missing ${missing[*]} and not root: install them first" >&2
    exit 1
  fi
  echo "ci-services: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Docker engine (installed and started when missing) and the offline test images:
# the Debian base from debootstrap and the herokuish-compatible test image (DESIGN.md section 6).
bash "$(dirname "${BASH_SOURCE[0]}")/images/all.sh"

#!/usr/bin/env bash
# The README's first command: makes this machine a Dokku host (scripts/install.sh) and deploys the
# sample app in samples/hello with a real `git push` over ssh, then checks that it answers 200
# through nginx and prints its URL. Run it as root from a checkout. Safe to run again: the second
# run redeploys the app.
#
# Usage: bash scripts/quickstart.sh [--domain DOMAIN] [--app NAME]
#   --domain  the global domain apps are served under (default: the host's current global domain,
#             else `localhost`, so the app is http://hello.localhost on this machine)
#   --app     the sample app's name (default hello)
set -euo pipefail
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP=hello
DOMAIN=""
KEY="${HOME:-/root}/.ssh/id_ed25519"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

log() { echo "=====> $*"; }
fail() { echo " !     $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --domain | --app) [ $# -ge 2 ] || fail "$1 needs a value"; [ "$1" = --domain ] && DOMAIN=$2 || APP=$2; shift 2 ;;
    -h | --help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "Unknown option: $1 (see --help)" ;;
  esac
done
[ "$(id -u)" -eq 0 ] || fail "quickstart.sh must run as root (it runs scripts/install.sh): su -c 'bash scripts/quickstart.sh'"

# Building the binary needs Node 18 or newer with npm (Debian 12's own packages will do).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "Installing nodejs and npm (to build dist/dokku)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
fi
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ] || fail "Node $(node --version) is too old to build dokku: 18 or newer is needed"

log "Installing dokku (scripts/install.sh)"
bash "$ROOT/scripts/install.sh"

# The herokuish builder image. Where an image registry is reachable `docker pull` provides it; this
# machine may have none, so when the default image is missing and cannot be pulled, the
# herokuish-compatible image of this checkout is built locally and made the global stack.
builder=$(dokku buildpacks:report --global --buildpacks-global-stack 2>/dev/null || true)
builder=${builder:-gliderlabs/herokuish:latest-24}
if ! docker image inspect "$builder" >/dev/null 2>&1 && ! docker pull -q "$builder" >/dev/null 2>&1; then
  log "$builder is not available (no registry reachable): building the local builder image"
  bash "$ROOT/scripts/images/all.sh"
  dokku buildpacks:set-property --global stack dokku-test/herokuish:latest
fi

if [ -z "$DOMAIN" ]; then
  DOMAIN=$(dokku domains:report --global --domains-global-vhosts 2>/dev/null | awk '{print $1}')
  DOMAIN=${DOMAIN:-localhost}
fi
dokku domains:set-global "$DOMAIN" >/dev/null

# A deploy key for this user, registered with dokku once.
if [ ! -f "$KEY" ]; then
  log "Creating a deploy key $KEY"
  mkdir -p "$(dirname "$KEY")" && chmod 700 "$(dirname "$KEY")"
  ssh-keygen -q -t ed25519 -N "" -C "quickstart@$(hostname)" -f "$KEY"
fi
fingerprint=$(ssh-keygen -lf "$KEY.pub" | awk '{print $2}')
if ! dokku ssh-keys:list 2>/dev/null | grep -qF "$fingerprint"; then
  # A key of an earlier run under the same name (that key file was since replaced) gives way.
  if dokku ssh-keys:list 2>/dev/null | grep -qF 'NAME="quickstart"'; then
    dokku ssh-keys:remove quickstart >/dev/null || fail "ssh-keys:remove quickstart failed"
  fi
  dokku ssh-keys:add quickstart "$KEY.pub" >/dev/null || fail "ssh-keys:add failed"
fi

log "Deploying samples/hello as $APP with git push over ssh"
cp -R "$ROOT/samples/hello/." "$WORK/app"
git -C "$WORK/app" init -q -b main
git -C "$WORK/app" -c user.name=quickstart -c user.email=quickstart@localhost add -A
git -C "$WORK/app" -c user.name=quickstart -c user.email=quickstart@localhost commit -q -m "hello at $(date -u +%FT%TZ)"
git -C "$WORK/app" remote add dokku "dokku@127.0.0.1:$APP"
export GIT_SSH_COMMAND="ssh -i $KEY -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=$WORK/known_hosts"
git -C "$WORK/app" push --force dokku main

url=$(dokku url "$APP")
host=${url#*://}
host=${host%%/*}
name=${host%%:*}
port=80
[ "$host" = "$name" ] || port=${host#*:}
status=$(curl -s -o "$WORK/body" -w '%{http_code}' --max-time 10 --resolve "$name:$port:127.0.0.1" "$url/" || true)
[ "$status" = 200 ] || fail "$url answered ${status:-nothing} through nginx (dokku logs $APP; dokku nginx:error-logs $APP)"
log "$APP answers 200 through nginx: $(cat "$WORK/body")"
echo "$url"

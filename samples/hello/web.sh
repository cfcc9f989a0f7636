#!/usr/bin/env bash
# The quickstart's sample app: answers every GET with a greeting on $PORT (5000 for buildpack apps).
set -euo pipefail
docroot="$(mktemp -d)"
echo "Hello from dokku-ts (container $(hostname))" >"$docroot/index.html"
exec busybox httpd -f -p "${PORT:-5000}" -h "$docroot"

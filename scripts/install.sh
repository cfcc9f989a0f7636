#!/usr/bin/env bash
# Makes a Debian/Ubuntu machine a Dokku host (DESIGN.md section 8): binary, Debian packages, the
# dokku user, directories, ssh forced-command wiring, nginx include, sudoers rules, boot hook, and
# dockerd, sshd and nginx left running.
# Safe to run twice: a second run changes nothing and says so. See usage() below or --help.
set -euo pipefail
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1

RELEASE_URL=${DOKKU_RELEASE_URL:-https://releases.invalid/dokku}
OS_RELEASE=${DOKKU_INSTALL_OS_RELEASE:-/etc/os-release}
BIN=/usr/bin/dokku
MULTICALL="plugn sigil"
BINARY_CHANGED=false
DOKKU_USER=dokku
LIB=/var/lib/dokku
LOGS=/var/log/dokku
SUDOERS=/etc/sudoers.d/dokku-nginx
NGINX_CONF=/etc/nginx/conf.d/dokku.conf
UNIT=/etc/systemd/system/dokku-restore.service
RETIRE=/etc/systemd/system/dokku-retire # .service and .timer: ps:retire every 5 minutes
NGINX_PID=/run/nginx.pid
DOCKER_PID=/var/run/docker.pid
DOCKERD_LOG=/var/log/docker.log
CHANGES=()
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

log() { echo "-----> $*"; }
fail() { echo " !     $*" >&2; exit 1; }
changed() { CHANGES+=("$*"); echo "       $*"; }
usage() {
  cat <<'EOF'
Usage: curl -fsSL "$DOKKU_RELEASE_URL/latest/download/install.sh" | sudo bash [-s -- OPTIONS]
       sudo bash scripts/install.sh [OPTIONS]            (from a checkout)
Options:
  --binary PATH   install this dokku binary
  --version V     download release V (default: the latest release)
  --no-deps       do not apt-get install missing packages (docker.io, nginx, openssh-server, git, ...)
  --uninstall     remove the binary, boot unit, sudoers rules and nginx include; keep app data
  --purge         with --uninstall: also remove /home/dokku, /var/lib/dokku, /var/log/dokku, the dokku user
dockerd, sshd and nginx are started when they are not running (systemctl start under systemd).
Binary source, first match wins: --binary; --version; the checkout this script sits in (built with
npm ci && npm run build when node is available); the latest release.
Environment:
  DOKKU_RELEASE_URL  base of release downloads: $DOKKU_RELEASE_URL/download/vV/dokku-linux-ARCH or
                     $DOKKU_RELEASE_URL/latest/download/dokku-linux-ARCH, each with an optional .sha256.
                     The default (https://releases.invalid/dokku) is a placeholder: set it to where
                     this project's releases are published.
  DOKKU_INSTALL_OS_RELEASE  os-release file to check (default /etc/os-release; for tests)
EOF
}

BINARY="" VERSION="" MODE=install PURGE=false DEPS=true SOURCE=""
parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --binary | --version) [ $# -ge 2 ] || fail "$1 needs a value"; [ "$1" = --binary ] && BINARY=$2 || VERSION=$2; shift 2 ;;
      --binary=*) BINARY=${1#*=}; shift ;;
      --version=*) VERSION=${1#*=}; shift ;;
      --uninstall) MODE=uninstall; shift ;;
      --purge) PURGE=true; shift ;;
      --no-deps) DEPS=false; shift ;;
      -h | --help) usage; exit 0 ;;
      *) fail "Unknown option: $1 (see --help)" ;;
    esac
  done
  VERSION=${VERSION#v}
  [ -z "$VERSION" ] || [[ "$VERSION" =~ ^[0-9A-Za-z][0-9A-Za-z.+-]*$ ]] || fail "Invalid --version: $VERSION"
  [ "$PURGE" = false ] || [ "$MODE" = uninstall ] || fail "--purge only goes with --uninstall"
}

# --- checks ---------------------------------------------------------------------------------
os_field() { sed -n "s/^$1=//p" "$OS_RELEASE" | head -n 1 | tr -d "\"'"; }
check_system() {
  [ -r "$OS_RELEASE" ] || fail "Unsupported system: $OS_RELEASE not found (install.sh supports Debian and Ubuntu)"
  case " $(os_field ID) $(os_field ID_LIKE) " in
    *" debian "* | *" ubuntu "*) ;;
    *) fail "Unsupported system: $(os_field PRETTY_NAME) (install.sh supports Debian and Ubuntu)" ;;
  esac
  if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then fail "Unsupported system: apt-get and dpkg are required"; fi
  [ "$(id -u)" -eq 0 ] || fail "install.sh must run as root: sudo bash install.sh ..."
}

# --- idempotent file helpers: each reports what it changed ------------------------------------
fix_meta() { # PATH MODE OWNER:GROUP
  if [ "$(stat -c %a "$1")" != "${2#0}" ]; then chmod "$2" "$1"; changed "chmod $2 $1"; fi
  if [ "$(stat -c %U:%G "$1")" != "$3" ]; then chown "$3" "$1"; changed "chown $3 $1"; fi
}
put_file() { # SRC DEST MODE OWNER:GROUP -- replaces DEST atomically only when its content differs
  if [ -f "$2" ] && cmp -s "$1" "$2"; then fix_meta "$2" "$3" "$4"; return; fi
  local what=created
  [ -e "$2" ] && what=updated
  install -m "$3" -o "${4%:*}" -g "${4#*:}" "$1" "$2.dokku-new"
  mv -f "$2.dokku-new" "$2"
  changed "$what $2"
}
put_text() { # DEST MODE OWNER:GROUP, content on stdin
  local src="$TMP/text"
  cat >"$src"
  put_file "$src" "$@"
}
ensure_dir() { # DIR MODE OWNER:GROUP
  if [ -d "$1" ]; then fix_meta "$@"; return; fi
  install -d -m "$2" -o "${3%:*}" -g "${3#*:}" "$1"
  changed "created $1"
}
remove_path() {
  if [ -e "$1" ] || [ -L "$1" ]; then rm -f "$1"; changed "removed $1"; fi
}
systemd_running() { [ -d /run/systemd/system ]; }
nginx_reload() { # validates first, reloads only a running nginx
  command -v nginx >/dev/null || return 0
  nginx -t -q 2>"$TMP/nginx.err" || { echo " !     nginx -t failed: $(cat "$TMP/nginx.err")" >&2; return 0; }
  if pid_alive "$NGINX_PID"; then nginx -s reload; fi
}
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
wait_until() { # SECONDS COMMAND...: polls COMMAND until it succeeds; fails after SECONDS
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# --- binary: obtain_binary sets SOURCE ---------------------------------------------------------
# Nothing here runs inside $(...), where bash turns set -e off: a failed download or build step
# stops the installer with that step's own error instead of installing whatever was there before.
binary_version() { # PATH -> the version the binary embeds (empty temp roots hide any installed VERSION)
  local out
  out=$(env -i PATH="$PATH" DOKKU_ROOT="$TMP/v" DOKKU_LIB_ROOT="$TMP/v" DOKKU_SYSTEM_USER=root \
    DOKKU_DEFAULTS_FILE="$TMP/v/none" "$1" version 2>/dev/null) || return 1
  [[ "$out" =~ ^dokku\ version\ ([^[:space:]]+)$ ]] || return 1
  echo "${BASH_REMATCH[1]}"
}
download() { # URL DEST
  if command -v curl >/dev/null; then curl -fsSL --proto '=https' -o "$2" "$1"
  elif command -v wget >/dev/null; then wget -q --https-only -O "$2" "$1"
  else fail "curl or wget is needed to download $1"; fi
}
fetch_release() { # PATH-SUFFIX
  local arch url
  case "$(dpkg --print-architecture)" in amd64) arch=x64 ;; arm64) arch=arm64 ;; *) fail "No release binary for $(dpkg --print-architecture)" ;; esac
  url="$RELEASE_URL/$1/dokku-linux-$arch"
  log "Downloading $url"
  download "$url" "$TMP/dokku" || fail "Download failed: $url (set DOKKU_RELEASE_URL, or pass --binary PATH)"
  if download "$url.sha256" "$TMP/dokku.sha256" 2>/dev/null; then
    [ "$(cut -d' ' -f1 "$TMP/dokku.sha256")" = "$(sha256sum "$TMP/dokku" | cut -d' ' -f1)" ] || fail "Checksum mismatch for $url"
  fi
  chmod 0755 "$TMP/dokku"
  SOURCE="$TMP/dokku"
}
checkout_root() { # the repository this script sits in, when it is one
  local source=${BASH_SOURCE[0]:-} dir
  [ -n "$source" ] && [ -f "$source" ] || return 1
  dir=$(cd "$(dirname "$source")/.." && pwd)
  [ -f "$dir/package.json" ] && [ -f "$dir/src/main.ts" ] && [ -f "$dir/scripts/build.ts" ] && echo "$dir"
}
build_step() { # ROOT DESCRIPTION COMMAND... -- runs in ROOT as its owner; a failure ends the installer
  local root=$1 what=$2 owner rc=0 as=()
  shift 2
  owner=$(stat -c %U "$root")
  [ "$owner" = root ] || as=(sudo -u "$owner" -H)
  (cd "$root" && exec "${as[@]}" "$@" </dev/null) || rc=$?
  [ "$rc" -eq 0 ] || fail "$what failed in $root (exit $rc; its output is above): nothing was installed"
}
build_checkout() { # ROOT -> dist/dokku
  local root=$1
  if command -v node >/dev/null && command -v npm >/dev/null; then
    log "Building $root/dist/dokku"
    [ -x "$root/node_modules/.bin/bun" ] || build_step "$root" "npm ci" npm ci --no-audit --no-fund
    build_step "$root" "npm run build" npm run build
  elif [ -x "$root/dist/dokku" ]; then
    log "node is not installed: using the existing $root/dist/dokku"
  else
    fail "Cannot build $root without node and npm: pass --binary PATH or --version V"
  fi
  SOURCE="$root/dist/dokku"
}
obtain_binary() {
  local root
  if [ -n "$BINARY" ]; then [ -f "$BINARY" ] || fail "--binary $BINARY: no such file"; SOURCE=$BINARY
  elif [ -n "$VERSION" ]; then fetch_release "download/v$VERSION"
  elif root=$(checkout_root); then build_checkout "$root"
  else fetch_release "latest/download"; fi
}

# --- install ----------------------------------------------------------------------------------
install_deps() {
  local pkgs=() cmd
  command -v docker >/dev/null || pkgs+=(docker.io) # any docker (docker-ce too) will do
  command -v nginx >/dev/null || command -v openresty >/dev/null || pkgs+=(nginx)
  [ -x /usr/sbin/sshd ] || pkgs+=(openssh-server)
  for cmd in ssh-keygen:openssh-client git:git sudo:sudo visudo:sudo tar:tar unzip:unzip gzip:gzip useradd:passwd; do
    command -v "${cmd%%:*}" >/dev/null || pkgs+=("${cmd#*:}")
  done
  [ ${#pkgs[@]} -gt 0 ] || return 0
  mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
  log "Installing ${pkgs[*]}"
  apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${pkgs[@]}" </dev/null
  changed "installed packages: ${pkgs[*]}"
}

install_user() {
  getent group "$DOKKU_USER" >/dev/null || { groupadd "$DOKKU_USER"; changed "created group $DOKKU_USER"; }
  if ! getent passwd "$DOKKU_USER" >/dev/null; then
    # '*': no password login, but not locked, so sshd accepts keys even with UsePAM no
    useradd --create-home --home-dir "/home/$DOKKU_USER" --gid "$DOKKU_USER" --shell /bin/bash --password '*' "$DOKKU_USER"
    changed "created user $DOKKU_USER"
  fi
  if getent group docker >/dev/null; then
    if ! id -nG "$DOKKU_USER" | tr ' ' '\n' | grep -qx docker; then usermod -aG docker "$DOKKU_USER"; changed "added $DOKKU_USER to group docker"; fi
  else
    echo " !     group docker does not exist (is Docker installed?): $DOKKU_USER cannot reach the engine" >&2
  fi
}

install_files() { # BINARY VERSION HOME -- sets BINARY_CHANGED
  local owner="$DOKKU_USER:$DOKKU_USER" home=$3 dir before=${#CHANGES[@]}
  put_file "$1" "$BIN" 0755 root:root
  [ ${#CHANGES[@]} -eq "$before" ] || BINARY_CHANGED=true
  fix_meta "$home" "$(stat -c %a "$home")" "$owner"
  ensure_dir "$home/.ssh" 0700 "$owner"
  [ -f "$home/.ssh/authorized_keys" ] || put_text "$home/.ssh/authorized_keys" 0600 "$owner" </dev/null
  fix_meta "$home/.ssh/authorized_keys" 0600 "$owner"
  put_text "$home/.sshcommand" 0644 "$owner" <<<"$BIN"
  for dir in "$LIB" "$LIB/config" "$LIB/data" "$LIB/plugins" "$LIB/plugins/available" "$LIB/plugins/enabled" "$LOGS"; do
    ensure_dir "$dir" 0755 "$owner"
  done
  put_text "$LIB/VERSION" 0644 "$owner" <<<"$2"
}

install_links() { # plugn and sigil, as community plugins call them, are the dokku binary (busybox style)
  local name
  for name in $MULTICALL; do
    [ "$(readlink "/usr/bin/$name" 2>/dev/null)" != "$BIN" ] || continue
    if [ -e "/usr/bin/$name" ] && [ ! -L "/usr/bin/$name" ]; then
      echo " !     /usr/bin/$name is another program: left alone (plugins run by dokku still get dokku's $name)" >&2
      continue
    fi
    ln -sfn "$BIN" "/usr/bin/$name"
    changed "linked /usr/bin/$name -> $BIN"
  done
}

run_install_triggers() { # as Dokku's package does after an install or upgrade: lays out the bash plugin API too
  [ "$BINARY_CHANGED" = true ] || return 0
  "$BIN" plugin:install >"$TMP/plugin-install.log" 2>&1 || { cat "$TMP/plugin-install.log" >&2; fail "dokku plugin:install (the plugins' install triggers) failed"; }
  changed "ran the plugins' install triggers (dokku plugin:install)"
}

install_nginx_include() { # HOME
  [ -d /etc/nginx ] || { log "nginx is not installed: skipping $NGINX_CONF"; return 0; }
  local before=${#CHANGES[@]}
  ensure_dir /etc/nginx/conf.d 0755 root:root
  put_text "$NGINX_CONF" 0644 root:root <<EOF
# Managed by dokku install.sh: every app keeps its proxy config in its own directory.
include $1/*/nginx.conf;
EOF
  [ ${#CHANGES[@]} -eq "$before" ] || nginx_reload
}

# Only dokku-nginx is ours: community plugins write their own /etc/sudoers.d/dokku-<name> files
# (for %dokku) in their install triggers, and nothing here rewrites, validates or removes those.
install_sudoers() {
  local n=/usr/sbin/nginx s=/usr/bin/systemctl i=/usr/sbin/invoke-rc.d v=/usr/bin/sv
  [ -d /etc/sudoers.d ] || ensure_dir /etc/sudoers.d 0750 root:root
  if [ -f /etc/sudoers ] && ! grep -qE '^[@#]includedir[[:space:]]+/etc/sudoers.d' /etc/sudoers; then
    echo " !     /etc/sudoers does not include /etc/sudoers.d: dokku's and its plugins' sudo rules are ignored" >&2
  fi
  cat >"$TMP/sudoers" <<EOF
# Managed by dokku install.sh: what the dokku user may run as root to validate and reload nginx.
Defaults:$DOKKU_USER !requiretty
%$DOKKU_USER ALL=(ALL) NOPASSWD:$n -t, $n -t -c *, $n -s reload
%$DOKKU_USER ALL=(ALL) NOPASSWD:$s reload nginx, $s start nginx, $s stop nginx, $s enable nginx, $s disable nginx, $s is-active nginx
%$DOKKU_USER ALL=(ALL) NOPASSWD:$i nginx reload, $i nginx start, $i nginx stop, $v reload nginx, $v start nginx, $v stop nginx
EOF
  visudo -cqf "$TMP/sudoers" >/dev/null || fail "generated sudoers rules failed visudo -c (nothing installed)"
  put_file "$TMP/sudoers" "$SUDOERS" 0440 root:root
}

install_boot_hook() {
  if ! systemd_running; then
    log "systemd is not running: no boot hook installed. At boot, start dockerd, sshd (after mkdir -p /run/sshd) and nginx, then run: sudo -u $DOKKU_USER $BIN ps:restore"
    install_retire_cron
    return 0
  fi
  local before=${#CHANGES[@]}
  put_text "$UNIT" 0644 root:root <<EOF
# Managed by dokku install.sh: starts every deployed app again after a reboot.
[Unit]
Description=Dokku: restore apps after boot
Wants=docker.service
After=docker.service network-online.target

[Service]
Type=oneshot
User=$DOKKU_USER
ExecStart=$BIN ps:restore

[Install]
WantedBy=multi-user.target
EOF
  put_text "$RETIRE.service" 0644 root:root <<EOF
# Managed by dokku install.sh: retires old app containers whose time came (the backstop of deploys).
[Unit]
Description=Dokku: retire old containers
After=docker.service

[Service]
Type=oneshot
User=$DOKKU_USER
ExecStart=$BIN ps:retire
EOF
  put_text "$RETIRE.timer" 0644 root:root <<EOF
# Managed by dokku install.sh.
[Unit]
Description=Dokku: retire old containers every 5 minutes

[Timer]
OnBootSec=5min
OnUnitActiveSec=5min

[Install]
WantedBy=timers.target
EOF
  [ ${#CHANGES[@]} -eq "$before" ] || systemctl daemon-reload
  systemctl is-enabled --quiet dokku-restore.service 2>/dev/null || { systemctl enable --quiet dokku-restore.service; changed "enabled dokku-restore.service"; }
  systemctl is-enabled --quiet dokku-retire.timer 2>/dev/null || { systemctl enable --now --quiet dokku-retire.timer; changed "enabled dokku-retire.timer"; }
}

# Without systemd, ps:retire runs every 5 minutes from the dokku user's crontab: the crontab is
# written by dokku itself (scheduler-docker-local's cron-entries), so app cron tasks stay in it.
install_retire_cron() {
  if ! command -v crontab >/dev/null; then
    log "cron is not installed: install it (apt-get install cron) so $BIN ps:retire runs every 5 minutes"
    return 0
  fi
  local before
  before=$(crontab -u "$DOKKU_USER" -l 2>/dev/null || true)
  if ! "$BIN" plugin:trigger scheduler-cron-write >"$TMP/cron.out" 2>&1; then
    echo " !     could not write the $DOKKU_USER crontab (ps:retire every 5 minutes): $(tail -n 1 "$TMP/cron.out")" >&2
    return 0
  fi
  [ "$(crontab -u "$DOKKU_USER" -l 2>/dev/null || true)" = "$before" ] || changed "wrote the $DOKKU_USER crontab (ps:retire every 5 minutes)"
  if command -v cron >/dev/null && command -v pgrep >/dev/null && ! pgrep -x cron >/dev/null; then
    cron </dev/null >/dev/null 2>&1 && changed "started cron"
  fi
}

check_sshd() { # warns (changes nothing) when sshd's effective config would refuse the dokku user
  local cfg
  [ -x /usr/sbin/sshd ] || { echo " !     openssh-server is not installed: ssh and git push will not reach dokku" >&2; return 0; }
  cfg=$(/usr/sbin/sshd -T -C "user=$DOKKU_USER,host=localhost,addr=127.0.0.1" 2>/dev/null) || return 0
  if grep -qx 'pubkeyauthentication no' <<<"$cfg"; then echo " !     sshd has PubkeyAuthentication no: dokku keys cannot log in" >&2; fi
  if grep -q '^allowusers ' <<<"$cfg" && ! grep -qE "^allowusers (.* )?$DOKKU_USER( |$)" <<<"$cfg"; then
    echo " !     sshd's AllowUsers does not include $DOKKU_USER: add it, or ssh and git push will be refused" >&2
  fi
  if ! grep -qE '^authorizedkeysfile .*(\.ssh/authorized_keys|%h/\.ssh/authorized_keys)( |$)' <<<"$cfg"; then
    echo " !     sshd does not read ~/.ssh/authorized_keys (AuthorizedKeysFile): ssh-keys:add will have no effect" >&2
  fi
}

# --- services: dockerd, sshd and nginx are left running, with or without systemd ------------------
# Without systemd nothing starts them (a container, a minimal VM): they are started here, each
# only when it is not running, and every start is reported as a change.
start_services() {
  if systemd_running; then
    start_unit docker docker
    start_unit ssh sshd ssh.socket
    start_unit nginx nginx
    return 0
  fi
  start_dockerd
  start_sshd
  start_nginx
}
start_unit() { # UNIT BINARY [UNIT-THAT-STARTS-IT-ON-DEMAND]: systemctl start, when installed and not active
  command -v "$2" >/dev/null || [ -x "/usr/sbin/$2" ] || return 0
  systemctl is-active --quiet "$1" && return 0
  if [ -n "${3:-}" ] && systemctl is-active --quiet "$3"; then return 0; fi
  systemctl start "$1" || fail "systemctl start $1 failed: see systemctl status $1"
  changed "started $1 (systemctl start $1)"
}
docker_answers() { timeout 10 docker info >/dev/null 2>&1; }
start_dockerd() {
  command -v docker >/dev/null || return 0
  docker_answers && return 0
  command -v dockerd >/dev/null || { echo " !     Docker does not answer and dockerd is not installed here: start your Docker engine" >&2; return 0; }
  if ! pid_alive "$DOCKER_PID"; then # a dockerd that is still starting is waited for, not doubled
    setsid dockerd --pidfile "$DOCKER_PID" >>"$DOCKERD_LOG" 2>&1 </dev/null &
    changed "started dockerd (log: $DOCKERD_LOG)"
  fi
  wait_until 60 docker_answers || { tail -n 20 "$DOCKERD_LOG" >&2; fail "dockerd did not answer within 60 s (log tail above, $DOCKERD_LOG)"; }
}
start_sshd() {
  [ -x /usr/sbin/sshd ] || return 0
  local pidfile
  pidfile=$(/usr/sbin/sshd -T 2>/dev/null | sed -n 's/^pidfile //p')
  pidfile=${pidfile:-/run/sshd.pid}
  pid_alive "$pidfile" && return 0
  if ! compgen -G "/etc/ssh/ssh_host_*_key" >/dev/null; then ssh-keygen -A; changed "generated ssh host keys"; fi
  ensure_dir /run/sshd 0755 root:root # the privilege separation directory, which systemd would create
  /usr/sbin/sshd -t 2>"$TMP/sshd.err" || fail "sshd refuses its configuration: $(cat "$TMP/sshd.err")"
  /usr/sbin/sshd </dev/null >"$TMP/sshd.err" 2>&1 || fail "sshd did not start: $(cat "$TMP/sshd.err")"
  wait_until 10 pid_alive "$pidfile" || fail "sshd did not start: no live process in $pidfile"
  changed "started sshd (pid $(cat "$pidfile"))"
}
start_nginx() {
  command -v nginx >/dev/null || return 0
  pid_alive "$NGINX_PID" && return 0
  nginx -t -q 2>"$TMP/nginx.err" || fail "nginx refuses its configuration: $(cat "$TMP/nginx.err")"
  nginx </dev/null >"$TMP/nginx.err" 2>&1 || fail "nginx did not start: $(cat "$TMP/nginx.err")"
  wait_until 10 pid_alive "$NGINX_PID" || fail "nginx did not start: no live process in $NGINX_PID"
  changed "started nginx (pid $(cat "$NGINX_PID"))"
}

uninstall() {
  local home
  home=$(getent passwd "$DOKKU_USER" | cut -d: -f6 || true)
  if systemd_running && [ -f "$UNIT" ]; then systemctl disable --quiet dokku-restore.service || true; fi
  if systemd_running && [ -f "$RETIRE.timer" ]; then systemctl disable --now --quiet dokku-retire.timer || true; fi
  remove_path "$UNIT"
  remove_path "$RETIRE.timer"
  remove_path "$RETIRE.service"
  if systemd_running && [ ${#CHANGES[@]} -gt 0 ]; then systemctl daemon-reload; fi
  local name
  for name in $MULTICALL; do
    [ "$(readlink "/usr/bin/$name" 2>/dev/null)" != "$BIN" ] || remove_path "/usr/bin/$name"
  done
  remove_path "$BIN"
  remove_path "$SUDOERS"
  local before=${#CHANGES[@]}
  remove_path "$NGINX_CONF"
  [ ${#CHANGES[@]} -eq "$before" ] || nginx_reload
  if [ "$PURGE" = true ]; then
    for dir in ${home:+"$home"} "$LIB" "$LOGS"; do
      if [ -d "$dir" ]; then rm -rf "$dir"; changed "removed $dir"; fi
    done
    if getent passwd "$DOKKU_USER" >/dev/null; then userdel "$DOKKU_USER"; changed "removed user $DOKKU_USER"; fi
    if getent group "$DOKKU_USER" >/dev/null; then groupdel "$DOKKU_USER"; changed "removed group $DOKKU_USER"; fi
    log "Apps' Docker containers and images are not removed: docker ps -a --filter label=dokku"
  else
    log "Kept ${home:-/home/$DOKKU_USER}, $LIB and $LOGS (app data); --uninstall --purge removes them and the $DOKKU_USER user"
  fi
}

summary() {
  if [ ${#CHANGES[@]} -eq 0 ]; then echo "=====> $1: no changes"; else echo "=====> $1: ${#CHANGES[@]} change(s)"; fi
}

# Everything runs from here, so a truncated `curl | bash` download does nothing at all.
main() {
  parse_args "$@"
  check_system
  if [ "$MODE" = uninstall ]; then
    log "Uninstalling dokku"
    uninstall
    summary "dokku uninstalled"
    return 0
  fi

  log "Installing dokku"
  [ "$DEPS" = false ] || install_deps
  obtain_binary
  BINARY_VERSION=$(binary_version "$SOURCE") || fail "$SOURCE is not a working dokku binary ($SOURCE version failed)"
  [ -z "$VERSION" ] || [ "$VERSION" = "$BINARY_VERSION" ] || echo " !     asked for $VERSION, the binary says $BINARY_VERSION" >&2
  install_user
  HOME_DIR=$(getent passwd "$DOKKU_USER" | cut -d: -f6)
  install_files "$SOURCE" "$BINARY_VERSION" "$HOME_DIR"
  install_links
  install_nginx_include "$HOME_DIR"
  install_sudoers
  run_install_triggers
  start_services
  install_boot_hook
  check_sshd
  summary "dokku $BINARY_VERSION installed"
  [ -s "$HOME_DIR/.ssh/authorized_keys" ] || log "Next: add a deploy key: cat ~/.ssh/id_ed25519.pub | sudo dokku ssh-keys:add admin"
}

main "$@"

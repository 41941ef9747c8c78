#!/usr/bin/env bash
# Runs the whole Switchboard test suite on a fresh machine: installs the npm dependencies from the
# lockfile, makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are installed and running
# (the contract suites and scale-out tests use the real servers), type-checks, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

log "npm dependencies (npm ci)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

log "PostgreSQL on 127.0.0.1:5432"
if ! command -v pg_isready >/dev/null || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then apt_install postgresql; fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  for version in $(ls /etc/postgresql); do
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

log "Redis on 127.0.0.1:6379"
if ! command -v redis-server >/dev/null; then apt_install redis-server; fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping

log "Chromium for the browser tests (Debian's package)"
if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
/usr/bin/chromium --version

log "boto3 and the AWS CLI for the other-SDK tests (Debian's packages)"
if ! /usr/bin/python3 -c 'import boto3' >/dev/null 2>&1 || [ ! -x /usr/bin/aws ]; then apt_install python3-boto3 awscli; fi
/usr/bin/aws --version

log "nginx for the balanced-cluster tests (Debian's package; the tests run their own instance)"
if [ ! -x /usr/sbin/nginx ]; then
  apt_install nginx
  # The package starts a default site on port 80; the tests need only the binary.
  (service nginx stop || nginx -s stop) >/dev/null 2>&1 || true
fi
/usr/sbin/nginx -v

log "type check (tsc --noEmit, server and web)"
npx tsc -p tsconfig.json --noEmit
npx tsc -p web/tsconfig.json

log "build: server bundle and web faces (npm start runs the bundle)"
npm run build

log "tests (vitest)"
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?
node -e '
  const r = require("./test-results/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit "$status"

#!/usr/bin/env bash
# Install Debian's PostgreSQL (when missing), start a server on 127.0.0.1, create a user and a test
# database, and print the SQLAlchemy URL of that database on stdout (all else goes to stderr):
#   RASHOMON_TEST_PG_URL="$(bash scripts/postgres.sh)"; export RASHOMON_TEST_PG_URL
# As root it uses Debian's cluster tools (a dedicated cluster, so an existing "main" is left alone);
# as any other user it runs initdb and pg_ctl in a directory of its own. Safe to re-run.
set -euo pipefail
PORT="${RASHOMON_PG_PORT:-54329}"
CLUSTER=rashomon
DB_USER=rashomon
DB_PASSWORD=rashomon
DB_NAME=rashomon_test
log() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo > /dev/null; then sudo -n "$@"; else return 1; fi
}

pg_bindir() {
  local version
  version="$(ls /usr/lib/postgresql 2> /dev/null | sort -V | tail -1)"
  [ -n "$version" ] && echo "/usr/lib/postgresql/$version/bin"
}

if [ -z "$(pg_bindir)" ]; then
  log "installing postgresql from apt"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(pg_bindir)"
VERSION="$(basename "$(dirname "$BIN")")"

if [ "$(id -u)" -eq 0 ]; then
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$CLUSTER"; then
    log "creating cluster $VERSION/$CLUSTER on 127.0.0.1:$PORT"
    pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" -- --auth-local=peer --auth-host=scram-sha-256 >&2
    # Loopback only: the test server must not be reachable from outside the machine.
    echo "listen_addresses = '127.0.0.1'" > "/etc/postgresql/$VERSION/$CLUSTER/conf.d/rashomon.conf"
  fi
  pg_ctlcluster "$VERSION" "$CLUSTER" start > /dev/null 2>&1 || true  # already running is fine
  pg_ctlcluster "$VERSION" "$CLUSTER" status > /dev/null
  psql_admin() { runuser -u postgres -- psql -X -q -p "$PORT" -v ON_ERROR_STOP=1 -d postgres "$@"; }
else
  # Unprivileged: PostgreSQL refuses to run as root, so this branch only serves ordinary users.
  DATA="${RASHOMON_PG_DIR:-${TMPDIR:-/tmp}/rashomon-pg-$(id -u)}"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initdb in $DATA"
    "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 > /dev/null
  fi
  if ! "$BIN/pg_ctl" -D "$DATA" status > /dev/null 2>&1; then
    "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA" start >&2
  fi
  psql_admin() { "$BIN/psql" -X -q -h "$DATA" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -d postgres "$@"; }
fi

psql_admin -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  END IF; END \$\$;" >&2
if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
  psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2
fi
log "PostgreSQL $VERSION ready on 127.0.0.1:$PORT, database $DB_NAME"
echo "postgresql+psycopg://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"

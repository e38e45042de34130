# Sourced by .ci/run: install PostgreSQL from the OS packages if missing, start a throwaway
# cluster on 127.0.0.1:54329 owned by the postgres user, and export its URL for the tests.
pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
}
if [ -z "$(pg_bin)" ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 || true
fi
PGBIN=$(pg_bin)
if [ -n "$PGBIN" ] && id postgres >/dev/null 2>&1; then
  PGDATA_DIR=$(mktemp -d /tmp/helpctl-pg.XXXXXX)
  chown postgres "$PGDATA_DIR"
  if runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres >/dev/null 2>&1 &&
     runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -o "-h 127.0.0.1 -p 54329 -k $PGDATA_DIR" -l "$PGDATA_DIR/log" -w start >/dev/null 2>&1; then
    export HELPCTL_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:54329/postgres"
    trap 'runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true' EXIT
    echo "== PostgreSQL started for the SQL-source tests"
  else
    echo "== PostgreSQL could not be started; its tests will be skipped"
  fi
fi

# Sourced by .ci/run: install Request Tracker 5 from the OS packages if missing (about 4 min),
# start its standalone server on a private copy of the packaged SQLite database on
# 127.0.0.1:${HELPCTL_RT_PORT:-58080}, and export HELPCTL_TEST_RT_URL/_USER/_PASSWORD for the
# tests of the rt source (they skip without it). Facts: ../shared/reference/request-tracker.md.
# Also usable by hand: `. .ci/rt.sh` (stop it with `kill -TERM $RT_PID`, never SIGINT: rt-server's
# Ctrl-C handler chowns /var/lib/request-tracker5).
RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
RT_PACKAGED_DB=/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb
RT_PORT=${HELPCTL_RT_PORT:-58080}
if [ ! -x "$RT_SERVER" ] && command -v apt-get >/dev/null; then
  echo "== installing Request Tracker 5 (request-tracker5 rt5-db-sqlite rt5-standalone)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
     request-tracker5 rt5-db-sqlite rt5-standalone) >/dev/null 2>&1 || true
fi
if [ -x "$RT_SERVER" ] && [ -f "$RT_PACKAGED_DB" ]; then
  RT_DIR=$(mktemp -d /tmp/helpctl-rt.XXXXXX)
  mkdir -p "$RT_DIR/conf.d"
  cp "$RT_PACKAGED_DB" "$RT_DIR/rtdb"
  # Both variables: the packaged config directory would otherwise switch back to its database.
  cat > "$RT_DIR/RT_SiteConfig.pm" <<RTCONF
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, '$RT_DIR/rtdb');
Set(\$rtname, 'helpctl-test');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $RT_PORT);
Set(\$WebPath, '');
Set(\$WebBaseURL, 'http://127.0.0.1:$RT_PORT');
Set(\$LogToSTDERR, 'error');
Set(\$LogToSyslog, undef);
Set(\$Timezone, 'UTC');
1;
RTCONF
  RT_SITE_CONFIG="$RT_DIR/RT_SiteConfig.pm" RT_SITE_CONFIG_DIR="$RT_DIR/conf.d" \
    setsid "$RT_SERVER" --port "$RT_PORT" > "$RT_DIR/server.log" 2>&1 < /dev/null &
  RT_PID=$!
  for _ in $(seq 1 90); do
    curl -fs -o /dev/null -u root:password "http://127.0.0.1:$RT_PORT/REST/2.0/rt" && break
    sleep 1
  done
  if curl -fs -o /dev/null -u root:password "http://127.0.0.1:$RT_PORT/REST/2.0/rt"; then
    export HELPCTL_TEST_RT_URL="http://127.0.0.1:$RT_PORT"
    export HELPCTL_TEST_RT_USER=root HELPCTL_TEST_RT_PASSWORD=password
    rt_prev_trap=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
    trap "kill -TERM $RT_PID 2>/dev/null || true; rm -rf '$RT_DIR'; $rt_prev_trap" EXIT
    echo "== Request Tracker started on $HELPCTL_TEST_RT_URL for the rt-source tests"
  else
    kill -TERM "$RT_PID" 2>/dev/null || true
    echo "== Request Tracker could not be started; its tests will be skipped"
    tail -n 5 "$RT_DIR/server.log" || true
  fi
else
  echo "== Request Tracker is not installed; its tests will be skipped"
fi

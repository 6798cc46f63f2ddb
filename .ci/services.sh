#!/usr/bin/env bash
# Real services for okr pull's tests: a scratch PostgreSQL cluster and a Prometheus
# that scrapes itself, both on loopback, in one throwaway directory.
#   source .ci/services.sh start   # installs what is missing, starts both, exports OKR_TEST_*
#   .ci/services.sh stop DIR       # stops both and removes DIR
set -euo pipefail

PG_PORT=${OKR_PG_PORT:-55432}
PROM_PORT=${OKR_PROM_PORT:-59090}

install_missing() {
  local need=()
  command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]} from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  # The packages start system services; the tests use their own throwaway ones.
  service prometheus stop >/dev/null 2>&1 || true
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

start_postgres() {
  local dir=$1 bin
  bin=$(pg_bin)
  mkdir -p "$dir/pg"
  chown -R postgres "$dir/pg"
  as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_postgres "$bin/initdb" -D "$dir/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  as_postgres "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $dir/pg" start >/dev/null
  as_postgres "$bin/psql" -h "$dir/pg" -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 <<SQL
CREATE ROLE okr LOGIN PASSWORD 'okr-test-secret';
CREATE DATABASE kpis OWNER okr;
SQL
  PGPASSWORD=okr-test-secret "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U okr -d kpis -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE conversion (day date PRIMARY KEY, value numeric(6,3));
INSERT INTO conversion VALUES ('2026-11-29', 3.1), ('2026-11-30', 3.25), ('2026-12-02', 3.3);
CREATE TABLE latency (day date, service text, p95 double precision);
INSERT INTO latency VALUES ('2026-11-30', 'checkout', 441), ('2026-11-30', 'search', 220);
CREATE TABLE notes (day date, note text);
INSERT INTO notes VALUES ('2026-11-30', 'n/a');
CREATE TABLE empty (value int);
CREATE SEQUENCE pulls;
SQL
}

start_prometheus() {
  local dir=$1
  mkdir -p "$dir/prom"
  cat > "$dir/prom/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:$PROM_PORT"]
YAML
  prometheus --config.file="$dir/prom/prometheus.yml" --storage.tsdb.path="$dir/prom/data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$dir/prom/log" 2>&1 &
  echo $! > "$dir/prom/pid"
  # Ready when a real query returns a sample of the server scraping itself.
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/query?query=up" 2>/dev/null | grep -q '"value"'; then
      return 0
    fi
    sleep 0.5
  done
  echo "prometheus did not start; its log:" >&2
  cat "$dir/prom/log" >&2
  return 1
}

stop() {
  local dir=$1 bin
  bin=$(pg_bin)
  if [ -f "$dir/prom/pid" ]; then kill "$(cat "$dir/prom/pid")" 2>/dev/null || true; fi
  if [ -d "$dir/pg/data" ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 \
      || "$bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    install_missing
    OKR_SERVICES_DIR=$(mktemp -d /tmp/okr-services.XXXXXX)
    chmod 755 "$OKR_SERVICES_DIR"
    start_postgres "$OKR_SERVICES_DIR"
    start_prometheus "$OKR_SERVICES_DIR"
    export OKR_SERVICES_DIR
    export OKR_TEST_POSTGRES="postgres://okr@127.0.0.1:$PG_PORT/kpis"
    export OKR_TEST_POSTGRES_PASSWORD=okr-test-secret
    export OKR_TEST_PROMETHEUS="http://127.0.0.1:$PROM_PORT"
    echo "services up in $OKR_SERVICES_DIR: $OKR_TEST_POSTGRES, $OKR_TEST_PROMETHEUS"
    ;;
  stop)
    stop "${2:?the services directory}"
    ;;
  *)
    echo "usage: source .ci/services.sh start | .ci/services.sh stop DIR" >&2
    return 2 2>/dev/null || exit 2
    ;;
esac

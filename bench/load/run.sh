#!/usr/bin/env bash
# One run of the HTTP load test (docs/performance.md): the public profile page against nginx
# serving the same bytes as a static file, then answer saves under 50 concurrent editors, on
# SQLite and on PostgreSQL. Everything listens on loopback only and is stopped at the end.
#
#   bash bench/load/run.sh                 # both providers, 10 s per measurement
#   PROVIDERS=sqlite DURATION=5s bash bench/load/run.sh
#
# Needs: wrk and nginx-light (Debian packages), PostgreSQL 15 binaries for the postgres run,
# the .NET SDK. Ports: FARO_PORT (5701), NGINX_PORT (5702), PG_PORT (5703). PG_EXTRA: more
# connection-string settings for the PostgreSQL run (e.g. "Max Auto Prepare=0" to compare);
# PG_SERVER_EXTRA: more server options (e.g. "-c log_min_duration_statement=100").
set -euo pipefail
cd "$(dirname "$0")/../.."
FARO_PORT=${FARO_PORT:-5701}
NGINX_PORT=${NGINX_PORT:-5702}
PG_PORT=${PG_PORT:-5703}
DURATION=${DURATION:-10s}
PROVIDERS=${PROVIDERS:-"sqlite postgres"}
EDITORS=${EDITORS:-50}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
work=$(mktemp -d /tmp/faro-load.XXXXXX)
chmod 755 "$work"
pids=()
pg_data=""

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$work/nginx.pid" ]]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  if [[ -n "$pg_data" ]]; then as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT

as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# CPU time in clock ticks (1/100 s): of one process, of every PostgreSQL process, and of the
# whole machine (busy, total), to say where the time of the saves goes.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { local t=0 p; for p in $(pgrep -x postgres || true); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }

# Runs one save measurement ($1 editors, targets file $2) and prints wrk's summary, then the CPU
# per save of Faro, of PostgreSQL and of the rest (wrk, the kernel), and the machine's use.
saves() {
  local editors=$1 targets=$2 web_pid=${pids[-1]} out
  local web0 pg0 busy0 all0 web1 pg1 busy1 all1
  web0=$(ticks "$web_pid"); pg0=$(pg_ticks); read -r busy0 all0 < <(machine_ticks)
  out=$(FARO_TOKEN="$token" FARO_TARGETS="$targets" wrk -t"$editors" -c"$editors" -d"$DURATION" --timeout 10s --latency -s bench/load/saves.lua "http://127.0.0.1:$FARO_PORT" | grep -E "^saves:")
  web1=$(ticks "$web_pid"); pg1=$(pg_ticks); read -r busy1 all1 < <(machine_ticks)
  echo "$out"
  echo "$out" | awk -v w=$((web1 - web0)) -v p=$((pg1 - pg0)) -v b=$((busy1 - busy0)) -v a=$((all1 - all0)) -v n="$(nproc)" -v e="$editors" '
    { n_req = $2; rate = $4 + 0 }
    END { if (n_req > 0) printf "cpu per save: Faro %.2f ms, PostgreSQL %.2f ms, rest (wrk, kernel) %.2f ms; machine busy %.0f %% of %d cores; mean latency by Little'"'"'s law %d / %.0f/s = %.1f ms\n",
      w * 10 / n_req, p * 10 / n_req, (b - w - p) * 10 / n_req, 100 * b / a, n, e, rate, 1000 * e / rate }'
}

echo "machine: $(nproc) cores, $(uname -sr), $(dotnet --version) SDK, load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build src/Faro.Web -c Release -v q -nologo >/dev/null
dotnet build src/Faro.Cli -c Release -v q -nologo >/dev/null
web=src/Faro.Web/bin/Release/net10.0/Faro.Web.dll
cli=src/Faro.Cli/bin/Release/net10.0/faro.dll

start_postgres() {
  pg_data="$work/pg"
  mkdir -p "$pg_data"
  if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$pg_data"; fi
  as_pg "$PG_BIN/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Durable defaults (fsync, synchronous_commit on): the figures are those of a real server.
  as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -l "$pg_data/log" -w -o "-p $PG_PORT -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_SERVER_EXTRA:-}" start >/dev/null
}

for provider in $PROVIDERS; do
  echo "== $provider"
  export Faro__DataDirectory="$work/data-$provider" Faro__Database__Provider="$provider" Faro__SeedDemoData=false
  unset Faro__Database__ConnectionString
  if [[ $provider == postgres ]]; then
    start_postgres
    export Faro__Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Maximum Pool Size=100;${PG_EXTRA:-}"
  fi
  admin=$(dotnet "$cli" demo | awk '/^demo account: / && $5 == "admin" {print $3; exit}')
  token=$(dotnet "$cli" token create --user "$admin" --name load)
  ASPNETCORE_URLS="http://127.0.0.1:$FARO_PORT" ASPNETCORE_ENVIRONMENT=Production dotnet "$web" --contentRoot "$PWD/$(dirname "$web")" >"$work/web-$provider.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$FARO_PORT/health" >/dev/null && break; sleep 0.5; done

  # The first published profile of the portal, and its bytes as a signed-out reader gets them.
  id=$(curl -sf "http://127.0.0.1:$FARO_PORT/profiles" | grep -o 'href="/profiles/[0-9]*"' | head -1 | grep -o '[0-9]*')
  mkdir -p "$work/static"
  curl -sf "http://127.0.0.1:$FARO_PORT/profiles/$id" -o "$work/static/profile.html"
  echo "page /profiles/$id: $(stat -c %s "$work/static/profile.html") bytes"
  if [[ ! -f "$work/nginx.pid" ]]; then
    cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/static;
    location / { default_type text/html; }
  }
}
CONF
    nginx -c "$work/nginx.conf"
  fi

  echo "-- public page, 32 connections, $DURATION (nginx first, then Faro)"
  wrk -t2 -c32 -d"$DURATION" "http://127.0.0.1:$NGINX_PORT/profile.html" | grep -E "Requests/sec|Latency|Non-2xx" | sed 's/^/nginx /'
  wrk -t2 -c32 -d"$DURATION" "http://127.0.0.1:$FARO_PORT/profiles/$id" | grep -E "Requests/sec|Latency|Non-2xx" | sed 's/^/faro  /'
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"

  # $EDITORS editors, each on one indicator of an assessment in data collection.
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$FARO_PORT/api/v1/assessments" >"$work/assessments.json"
  aid=$(python3 -c "import json,sys; a=json.load(open(sys.argv[1])); a=a if isinstance(a,list) else a.get('items',a); print(next(x['id'] for x in a if x.get('stage') in ('data_collection','data-collection','DataCollection')))" "$work/assessments.json")
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$FARO_PORT/api/v1/assessments/$aid/answers" >"$work/answers.json"
  python3 -c "
import json,sys
rows=json.load(open(sys.argv[1])); rows=rows if isinstance(rows,list) else rows.get('items',rows)
for r in rows[:int(sys.argv[3])]:
    print('/api/v1/assessments/%s/answers/%s %s' % (sys.argv[2], r['indicatorCode'], r['eTag'] if 'eTag' in r else r['etag']))
" "$work/answers.json" "$aid" "$EDITORS" >"$work/targets.txt"
  echo "-- answer saves, $EDITORS editors (assessment $aid), $DURATION"
  saves "$EDITORS" "$work/targets.txt"
  echo "-- answer saves, 1 editor, $DURATION"
  head -1 "$work/targets.txt" >"$work/one.txt"
  saves 1 "$work/one.txt"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg); web process RSS $(ps -o rss= -p "${pids[-1]}") KB"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
done

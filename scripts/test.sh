#!/usr/bin/env bash
# The whole test suite: unit, integration (real engine, real HTTP, fake Vonage on 127.0.0.1) and browser
# (headless Chromium), two nodes over one Redis. Installs Chromium and Redis when it can, then prints one line "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Browser tests need Debian's Chromium; the scale-out tests start their own redis-server.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing ${missing[*]}..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  for tool in chromium redis-server; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "test: the tests need $tool: sudo apt-get install ${missing[*]}" >&2
      echo "0 passed, 1 failed"
      exit 1
    fi
  done
fi

# The scale-out tests run two engine nodes on PostgreSQL: start the machine's cluster (installing it when we
# can) and give the tests a role that may create their own throw-away databases.
if [ -z "${PICKUP_TEST_POSTGRES:-}" ] && [ "$(id -u)" = 0 ]; then
  if ! command -v pg_lsclusters >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing postgresql..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if command -v pg_lsclusters >/dev/null 2>&1; then
    read -r pg_version pg_cluster pg_port _ < <(pg_lsclusters -h | head -n 1)
    pg_ctlcluster "$pg_version" "$pg_cluster" start 2>/dev/null || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$pg_port" && break; sleep 1; done
    sql=$(mktemp)
    cat > "$sql" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pickup_test') THEN
    CREATE ROLE pickup_test LOGIN CREATEDB PASSWORD 'pickup_test';
  END IF;
END $$;
SQL
    chmod 644 "$sql"
    (cd / && su postgres -c "psql -q -v ON_ERROR_STOP=1 -p $pg_port -f $sql") >/dev/null
    rm -f "$sql"
    export PICKUP_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=pickup_test;Password=pickup_test;Database=postgres"
  fi
fi
if [ -z "${PICKUP_TEST_POSTGRES:-}" ]; then
  echo "test: the scale-out tests need PostgreSQL: run as root, or set PICKUP_TEST_POSTGRES to a connection string of a role that may create databases" >&2
fi

results="$root/artifacts/test-results"
rm -rf "$results"
if ! dotnet build Pickup.sln -nologo -v quiet -clp:ErrorsOnly; then
  echo "test: the build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Pickup.sln --no-build -nologo --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@"
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done
# A crashed test host leaves no counts behind: never let that read as success.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]

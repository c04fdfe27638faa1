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

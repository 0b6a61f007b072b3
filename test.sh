#!/usr/bin/env bash
# Builds the solution and runs every test project, then prints one plain summary line totalled from
# the TRX results, so that a run which executed no test is visible. Extra arguments go to dotnet test.
set -uo pipefail
cd "$(dirname "$0")"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

status=0
dotnet build XRouter.sln -c Release || status=$?
if [ "$status" -eq 0 ]; then
  for project in tests/*.Tests/*.Tests.csproj; do
    name="$(basename "$project" .csproj)"
    dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" \
      --results-directory "$results" --blame-hang-timeout 5m "$@" || status=$?
  done
fi

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  # VSTest's TRX counts a skipped test in total but not in executed (its notExecuted counter stays 0).
  skipped=$((skipped + $(count total) - $(count executed)))
done

if [ "$status" -eq 0 ] && [ $((passed + failed)) -eq 0 ]; then
  echo "no test was executed" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"

#!/usr/bin/env bash
# The unit and integration tests at instants that stress the calendar (UTC), all at once: a test
# that reads the wall clock to decide what it expects fails at one of them.
set -uo pipefail
cd "$(dirname "$0")/../.."

instants=("2026-12-05 02:30:00" "2027-03-10 14:30:00" "2027-06-25 10:00:00" "2027-10-31 01:30:00")
logs=$(mktemp -d)
pids=()
for i in "${!instants[@]}"; do
  TZ=UTC faketime "${instants[$i]}" .venv/bin/pytest -q -p no:cacheprovider -m "not contract" \
    tests/unit tests/integration >"$logs/$i.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!instants[@]}"; do
  if wait "${pids[$i]}"; then status=passed; else status=FAILED; failed=1; fi
  echo "== tests/unit tests/integration at ${instants[$i]} UTC: $status"
  if [ "$status" = FAILED ]; then cat "$logs/$i.log"; else tail -n 1 "$logs/$i.log"; fi
done
rm -rf "$logs"
exit "$failed"

#!/usr/bin/env bash
# The whole suite, as `make test` runs it:
#   1. every test but the browser journeys, on TEST_WORKERS processes (pytest-xdist), a test
#      file per process at a time (files share module fixtures and scratch resources);
#   2. the browser journeys in one process: each journey drives a real server and chromium,
#      and two of them at once on a 2-core machine make their 5 s action timeouts flaky.
# Extra pytest arguments (a file, -k …) go to both parts. Exit code: the first failure's,
# 5 only when neither part collected a test (pytest's "no tests ran").
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST="${PYTEST:-.venv/bin/pytest}"
WORKERS="${TEST_WORKERS:-2}"
export JALON_ENV=test

"$PYTEST" -n "$WORKERS" --dist loadfile -m "not e2e" "$@"
rc_unit=$?
"$PYTEST" -m e2e "$@"
rc_e2e=$?

if [ "$rc_unit" -eq 5 ] && [ "$rc_e2e" -eq 5 ]; then
    exit 5
fi
for rc in "$rc_unit" "$rc_e2e"; do
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then
        exit "$rc"
    fi
done
exit 0

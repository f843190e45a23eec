# Runs the original watchdog's health check (watchdog.py beside this file) on CBI_SEED_HOME and
# prints its verdict as the last line, as JSON. The check's own log lines come first.
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import watchdog  # noqa: E402

print(json.dumps(watchdog.Watchdog().check_health()))

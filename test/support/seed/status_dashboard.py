# The "Status Dashboard" snippet of the original system's docs/operations/AUTONOMOUS_TRAINING_SYSTEM.md
# (CBI-V14, commit bf8b7e78a65865ce81de643d7b2d5d51df1219aa), unchanged: run it in the home.
import json
from pathlib import Path

status_file = Path("Logs/nightly/last_run_status.json")

if status_file.exists():
    with open(status_file) as f:
        status = json.load(f)
    
    print(f"Last run: {status['start_time']}")
    print(f"Success: {status['success']}")
    print(f"Stages: {len(status['stages'])}")
    
    for stage in status['stages']:
        print(f"  {stage['name']}: {'✅' if stage['success'] else '❌'}")

"""Memory of a gunicorn master's workers as JSON: one object per child process.

    .venv/bin/python bench/proc_memory.py <master pid>

VmRSS from /proc/<pid>/status; Rss, Pss and USS (Private_Clean + Private_Dirty) from
/proc/<pid>/smaps_rollup, in MB. PSS shares the pages the workers still share with the
master (and each other) among them; USS is what the worker alone holds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def worker(pid: int) -> dict:
    row: dict = {"pid": pid}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            row["vmrss_mb"] = round(int(line.split()[1]) / 1024, 1)
    kb = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == "kB":
            kb[parts[0].rstrip(":")] = int(parts[1])
    row["rss_mb"] = round(kb.get("Rss", 0) / 1024, 1)
    row["pss_mb"] = round(kb.get("Pss", 0) / 1024, 1)
    row["uss_mb"] = round((kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)) / 1024, 1)
    return row


def children(master: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = next((ln.split()[1] for ln in text.splitlines() if ln.startswith("PPid:")), "")
        if ppid == str(master):
            found.append(int(status.parent.name))
    return sorted(found)


if __name__ == "__main__":
    print(json.dumps([worker(pid) for pid in children(int(sys.argv[1]))]))

"""Resident memory of a process together with its worker processes, and a process's own CPU time,
from /proc (Linux)."""

from __future__ import annotations

import os


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, ppid, ...), or None once gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _parents() -> dict[int, int]:
    return {int(entry): int(fields[1]) for entry in os.listdir("/proc")
            if entry.isdigit() and (fields := _stat(int(entry))) is not None}


def _children(pid: int, parents: dict[int, int] | None) -> list[int]:
    """*pid*'s child processes: from its threads' ``children`` files where the kernel has them (a
    few reads, where a scan of /proc reads every process), else from *parents*."""
    if parents is None:
        children = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listed:
                children += map(int, listed.read().split())
        return children
    return [child for child, parent in parents.items() if parent == pid]


_HAS_CHILDREN_FILES = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def tree_rss_mb(root: int) -> float:
    """Summed RSS of *root* and all its descendants, in MB (shared pages counted in each)."""
    parents = None if _HAS_CHILDREN_FILES else _parents()
    tree, frontier = {root}, [root]
    while frontier:
        try:
            children = _children(frontier.pop(), parents)
        except OSError:  # gone meanwhile
            continue
        tree.update(children)
        frontier.extend(children)
    total_kb = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status") as status:
                total_kb += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
        except OSError:
            continue
    return total_kb / 1024


_TICKS = os.sysconf("SC_CLK_TCK")


def own_cpu_seconds(pid: int) -> float | None:
    """CPU time *pid* has spent itself so far (not its children's), or None once it is gone."""
    fields = _stat(pid)
    return None if fields is None else (int(fields[11]) + int(fields[12])) / _TICKS

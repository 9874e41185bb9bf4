#!/usr/bin/env python3
"""Checks the package's layering: every import inside xlsx_lkjip (top-level or inside a function) goes to the
module's own stage or a stage below it, and no modules import each other in a cycle.  Exit 1 and a line per
violation otherwise.   python scripts/check_layers.py [PACKAGE_DIR]"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "xlsx_lkjip"
# Lowest first.  A module may import modules of its own rank or lower.
RANKS = {"files": 0, "problems": 0, "patterns": 0, "records": 0, "compiled": 0, "speedups": 0, "_speedups": 0, "config": 1, "io": 2, "roster": 2, "forms": 3, "evaluate": 4, "templates": 5,
         "report": 5, "batch": 6, "api": 7, "cli_bahasa": 8, "cli": 8, "web": 8, "__main__": 9, "program": 9,
         "__init__": 9}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return ".".join(rel.parts)


def stage(module: str) -> str:
    return module.split(".")[0]


def imports(path: Path, module: str) -> set[str]:
    """The xlsx_lkjip modules `module` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1] if node.level > 1 else package
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("xlsx_lkjip"):
                target = node.module[len("xlsx_lkjip."):] if "." in node.module else ""
            else:
                continue
            for alias in node.names:   # "from . import compute" names a module
                sub = f"{target}.{alias.name}" if target else alias.name
                found.add(sub if (PACKAGE / (sub.replace(".", "/") + ".py")).exists() else target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("xlsx_lkjip."):
                    found.add(alias.name[len("xlsx_lkjip."):])
    found.discard("")
    return {m for m in found if m != module}


def main(argv=None) -> int:
    global PACKAGE
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        PACKAGE = Path(argv[0]).resolve()
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        graph[module_name(path)] = imports(path, module_name(path))
    problems = []
    for mod, targets in graph.items():
        if mod.endswith("__init__") and mod != "__init__":
            continue
        for t in sorted(targets):
            if t.endswith("__init__") or t not in graph and f"{t}.__init__" in graph:
                continue   # a package's __init__ holds only a docstring
            if RANKS[stage(t)] > RANKS[stage(mod)]:
                problems.append(f"{mod} imports {t}: stage {stage(t)} is above {stage(mod)}")
    # cycles: depth-first search over the module graph
    state: dict[str, int] = {}

    def visit(m, trail):
        state[m] = 1
        for t in sorted(graph.get(m, ())):
            if t not in graph:
                continue
            if state.get(t) == 1:
                problems.append("cycle: " + " -> ".join(trail[trail.index(t):] + [t]) if t in trail else f"cycle at {t}")
            elif t not in state:
                visit(t, trail + [t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state and m != "__init__":   # __init__'s lazy re-export of api is not a cycle at import time
            visit(m, [m])
    for p in problems:
        print(p)
    print(f"{len(graph)} modules, {sum(map(len, graph.values()))} imports checked: "
          + ("no upward import, no cycle" if not problems else f"{len(problems)} problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

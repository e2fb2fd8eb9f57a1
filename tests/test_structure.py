"""The shape of the package: stages import one way, long modules say why, functions stay small. No model needed."""

import ast
from pathlib import Path

import networkx as nx

KG = Path(__file__).resolve().parent.parent / "kg"


def _module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every kg module a file imports, at the top or inside a function (a lazy import is still a dependency)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            targets = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        found |= {t for t in targets if t.startswith("kg")}
    return found


def test_no_import_cycle_among_kg_modules():
    files = {_module_name(p): p for p in KG.rglob("*.py")}
    graph = nx.DiGraph()
    for name, path in files.items():
        graph.add_node(name)
        for target in _imports(path):
            if target in files and target != name and not name.startswith(target + "."):
                graph.add_edge(name, target)
    assert list(nx.simple_cycles(graph)) == []


def test_long_modules_say_why_and_functions_stay_small():
    """Modules are cut by concept, not by length: one over 400 lines holds one idea and its docstring says
    so in a paragraph opening `Why one module:`. A function of 80 lines or more does several things."""
    too_long = []
    for path in KG.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400 and "Why one module:" not in (ast.get_docstring(ast.parse(text)) or ""):
            too_long.append(f"{path.name}: {len(text.splitlines())} lines and no 'Why one module:' in its docstring")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 80:
                too_long.append(f"{path.name}:{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert too_long == []

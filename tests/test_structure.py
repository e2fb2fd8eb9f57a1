"""The shape of the package: stages import one way, long modules say why, functions stay small. No model needed."""

import ast
import re
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


# The pipeline's stages, lowest first: a module may import its own stage and those below, never one above
# (`analysis` never imports `views`; the graph stage never calls spaCy). The package's `__init__` is the
# library's front door and may reach every stage.
STAGES = [
    ("kg.errors", "kg.files", "kg.formats", "kg.records", "kg.web"),
    ("kg.knowledge",),
    ("kg.ingest",),
    ("kg.analysis",),
    ("kg.graph",),
    ("kg.store",),
    ("kg.query",),
    ("kg.incidents",),
    ("kg.exports",),
    ("kg.views",),
    ("kg.pipeline",),
    ("kg.serve",),
    ("kg.cli", "kg.__main__", "kg"),
]


def _stage(module: str) -> int:
    for n, names in enumerate(STAGES):
        if module in names or any(module.startswith(name + ".") for name in names if name != "kg"):
            return n
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES and to the README's map")


def test_no_stage_imports_a_stage_above_it():
    files = {_module_name(p): p for p in KG.rglob("*.py")}
    upward = []
    for name, path in files.items():
        for target in _imports(path):
            target = target if target in files else target.rsplit(".", 1)[0]
            if target != "kg" and target in files and _stage(target) > _stage(name):
                upward.append(f"{name} -> {target}")
    assert upward == []


def test_kg_holds_at_most_ten_modules_beside_its_packages():
    modules = sorted(p.name for p in KG.glob("*.py"))
    assert len(modules) <= 10, modules


def test_the_readme_map_names_every_room_of_the_tree():
    """The README's map of the code (`## How it works`) lists each package and each module in it, as the
    tree has them: a newcomer finds a thing's room from the map."""
    readme = (KG.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works", 1)[1].split("\n## ", 1)[0]
    named = set()
    for line in section.splitlines():
        if line.startswith("| `kg/"):
            named |= set(re.findall(r"`(kg/[\w/.-]+)`", line))
    rooms = {f"kg/{p.relative_to(KG).as_posix()}" for p in KG.glob("*.py") if p.name not in {"__init__.py", "__main__.py"}}
    for package in (p for p in KG.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        rooms.add(f"kg/{package.name}/")
        for child in package.iterdir():
            if child.suffix == ".py" and child.name != "__init__.py":
                rooms.add(f"kg/{package.name}/{child.name}")
            elif child.is_dir() and not child.name.startswith("__"):
                rooms.add(f"kg/{package.name}/{child.name}/")
    assert sorted(rooms - named) == [] and sorted(named - rooms) == []


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


def test_pyproject_lists_every_package_of_the_tree():
    """The wheel is built from an explicit package list (the ontology folder is mapped into it): a package
    added to the tree and not to the list would be missing from every install but an editable one."""
    import tomllib

    config = tomllib.loads((KG.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    tree = {_module_name(p) for p in KG.rglob("__init__.py")}
    assert set(config["packages"]) == tree | {"kg.knowledge.data"}
    assert config["package-dir"] == {"kg.knowledge.data": "ontology"}

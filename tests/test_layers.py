"""The package's layers: no import cycle, and the ground layer never reaches up into the contract or the main job."""

from __future__ import annotations

import ast
from pathlib import Path

import aecourse

PACKAGE = Path(aecourse.__file__).resolve().parent

#: The layers the package docstring draws, lowest first: a module imports from its own layer or lower ones only.
LAYERS = {
    "ground": {"course", "store", "runtime", "timing", "profiles", "data", "metrics", "plots", "verdicts", "training"},
    "lesson aids": {"codecs", "classical", "codec_layers", "rd_bootstrap", "denoisers", "features", "likelihood"}
    | {"recsys", "sequences", "video", "baselines"},
    "contract": {"lessons", "results", "exercises"},
    "main job": {"__main__", "__init__", "runner", "report", "bench", "compare"},
}
GROUND = LAYERS["ground"]
#: The contract and the main job: what a ground module must never import.
ABOVE = LAYERS["contract"] | LAYERS["main job"]


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    return next(i for i, members in enumerate(LAYERS.values()) if top in members)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts) or "__init__"


def import_graph() -> dict[str, set[str]]:
    """Every module of ``aecourse`` and the package modules it imports, at the top or inside a function."""
    known = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        # the package a relative import starts from: the module's own for __init__.py, else its parent's
        package = [] if name == "__init__" else name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - node.level + 1]
                if node.module:
                    targets.add(".".join([*base, node.module]))
                else:
                    targets.update(".".join([*base, alias.name]) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aecourse"):
                module = node.module.removeprefix("aecourse").lstrip(".")
                targets.update([module] if module else [alias.name for alias in node.names])
            elif isinstance(node, ast.Import):
                targets.update(a.name.removeprefix("aecourse.") for a in node.names if a.name.startswith("aecourse."))
        graph[name] = {t for t in targets if t in known and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a list of modules (first = last), or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    assert "store" in graph["runtime"]  # runtime imports store inside last_run_time
    assert "classical" in graph["rd_bootstrap"] and "metrics" in graph["rd_bootstrap"]


def test_no_import_cycle_inside_the_package():
    cycle = find_cycle(import_graph())
    assert cycle is None, f"import cycle: {' -> '.join(cycle)}; move what both need into a lower module (e.g. store)"


def test_the_ground_layer_imports_nothing_above_it():
    graph = import_graph()
    for module in GROUND:
        assert module in graph, f"{module} is listed as ground but does not exist"
        assert not graph[module] & ABOVE, f"{module} (ground) imports {sorted(graph[module] & ABOVE)}"


def test_every_module_has_a_layer_and_imports_nothing_above_its_own():
    graph = import_graph()
    for module, targets in graph.items():
        assert any(module.split(".")[0] in members for members in LAYERS.values()), f"give {module} a layer"
        above = sorted(t for t in targets if layer_of(t) > layer_of(module))
        assert not above, f"{module} imports {above}, from a layer above its own"

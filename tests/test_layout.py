"""The package's shape, read from the source with ``ast``: no import cycles between modules, few
modules at the top, and the stages never reaching up to what is built on them."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "reportmine"

# stage -> what it may not import. Data flows ingest -> text -> extractors -> link -> kb; the
# pipeline modules, learn, evaluate, scale and web sit above the stages and may use them all.
ABOVE_STAGES = ("reportmine.document", "reportmine.pipeline", "reportmine.api", "reportmine.cli",
                "reportmine.learn", "reportmine.evaluate", "reportmine.scale", "reportmine.web")
FORBIDDEN = {
    "reportmine.text": ("reportmine.ingest", "reportmine.extractors", "reportmine.link", "reportmine.kb",
                        *ABOVE_STAGES),
    "reportmine.ingest": ("reportmine.extractors", "reportmine.link", "reportmine.kb", *ABOVE_STAGES),
    "reportmine.extractors": ("reportmine.ingest", "reportmine.link", "reportmine.kb", *ABOVE_STAGES),
    "reportmine.link": ("reportmine.ingest", "reportmine.kb", *ABOVE_STAGES),
    "reportmine.kb": ("reportmine.ingest", *ABOVE_STAGES),
}


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root.parent): p for p in sorted(root.rglob("*.py"))}


def imports(path: Path, known: set[str], src: Path = SRC) -> set[str]:
    """The reportmine modules a file imports anywhere in it (in functions too), resolved to modules:
    ``from reportmine.kb import store`` is an import of ``reportmine.kb.store``."""
    name = module_name(path, src)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("reportmine"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("reportmine"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    # a module's own ancestors run before it whatever it imports (``from reportmine import
    # __version__``), so an import of one is no edge of the graph
    return {m for m in out if m != name and not name.startswith(m + ".")}


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    found = modules(root)
    known = set(found)
    return {name: imports(path, known, root.parent) & known for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_module_imports_another_in_a_cycle():
    assert cycles(graph()) == []


@pytest.mark.parametrize("edges, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
])
def test_the_cycle_finder_finds_cycles(edges, expected):
    assert cycles(edges) == expected


def test_a_function_level_import_counts(tmp_path):
    pkg = tmp_path / "reportmine"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from reportmine.sub import b\n")
    (pkg / "sub" / "b.py").write_text("from .. import a\n")
    assert cycles(graph(pkg)) == [["reportmine.a", "reportmine.sub.b"]]


def test_at_most_eight_modules_at_the_top():
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 8, sorted(top)


def test_every_package_says_what_its_stage_takes_and_gives():
    for init in PACKAGE.glob("*/__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc and len(doc) > 80, f"{init.parent.name}/__init__.py has no docstring saying what it is"


def test_the_stages_never_import_what_is_built_on_them():
    wrong = []
    for name, targets in graph().items():
        for stage, forbidden in FORBIDDEN.items():
            if name == stage or name.startswith(stage + "."):
                wrong += [f"{name} -> {t}" for t in targets if t.startswith(forbidden)]
    assert wrong == []


def test_every_submodule_is_what_its_package_name_gives():
    """``from reportmine.learn import annotations`` must give the module (or, where the package
    re-exports it on purpose, the submodule's own object of that name: ``link.regions``), in a fresh
    interpreter: a foreign name bound in a package's ``__init__`` (a ``__future__`` import) shadows it."""
    import subprocess
    import sys

    names = [n for n in modules() if n.count(".") == 2]
    code = ("import importlib, types\n"
            f"for name in {names!r}:\n"
            "    package, _, leaf = name.rpartition('.')\n"
            "    importlib.import_module(name)\n"
            "    got = getattr(importlib.import_module(package), leaf)\n"
            "    own = got.__name__ if isinstance(got, types.ModuleType) else getattr(got, '__module__', None)\n"
            "    assert own == name, (name, got)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]

"""Issue 18: what a fresh install gets. lxml_html_clean is a direct dependency (justext imports
lxml.html.clean, a separate project since lxml 5.2, and the pip of a new venv does not resolve
justext's lxml[html_clean] extra), and constraints.txt pins every dependency to a tested version."""
import re
import tomllib

from conftest import ROOT


def name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            package, _, version = line.partition("==")
            out[name(package)] = version
    return out


def dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["dev"]]


def test_lxml_html_clean_is_declared():
    assert "lxml-html-clean" in {name(d) for d in dependencies()}


def test_constraints_pin_every_dependency_and_not_reportmine():
    pinned = pins()
    assert "reportmine" not in pinned
    assert all(re.fullmatch(r"[\w.+!-]+", v) for v in pinned.values()), "pins only: package==version"
    missing = sorted({name(d) for d in dependencies()} - set(pinned))
    assert not missing, f"not in constraints.txt (run `make constraints`): {missing}"


def test_the_makefile_installs_under_the_constraints():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert makefile.count("install $(PINS)") == 3

"""notebooks/research.ipynb, run as a researcher would (cwd notebooks/, the venv's python3 kernel):
no errors, each research question answered with a table naming real entities and a chart, and the
charts drawn in a CJK font when one is installed."""
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from reportmine.api import CJK_NAME, PREFERRED_CJK_FONTS, cjk_font

pytestmark = pytest.mark.slow
NOTEBOOK = ROOT / "notebooks" / "research.ipynb"
KERNEL_CHECK = "import sys; print('kernel prefix:', sys.prefix)"

ANSWERS = [  # cell tag, what its table must name (from the reports: 000, 002 and 003/004)
    pytest.param("programmes", ["会聚良缘", "黑龙江省总工会", "重庆市总工会"], id="(a) programmes"),
    pytest.param("figures", ["河北省总工会", "女职工", "265000"], id="(b) women workers"),
    pytest.param("awardees", ["钟晓媛", "河北省劳动模范", "province", "河北省"], id="(c) awardees"),
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """A copy of the notebook, executed in notebooks/ with the python3 kernel (a last cell added to report
    which python ran it), saved beside the temporary copy for inspection when a test fails."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(KERNEL_CHECK, id="kernel-check"))
    client = NotebookClient(nb, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    nbformat.write(nb, tmp_path_factory.mktemp("notebook") / "research.executed.ipynb")
    return nb


def outputs(nb, tag: str | None = None) -> list:
    return [o for c in nb.cells if c.cell_type == "code" and (tag is None or tag in c.metadata.get("tags", []))
            for o in c.outputs]


def text(outs, mime: str) -> str:
    return "\n".join(o.get("text", "") if mime == "stream" else o.get("data", {}).get(mime, "") for o in outs)


def test_the_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_it_runs_without_errors_in_the_venv_kernel(executed):
    assert not [o for o in outputs(executed) if o.output_type == "error"]
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code")
    assert f"kernel prefix: {sys.prefix}\n" in text(outputs(executed), "stream")


@pytest.mark.parametrize("tag, names", ANSWERS)
def test_each_question_ends_in_a_table_and_a_chart(executed, tag, names):
    outs = outputs(executed, tag)
    tables = text(outs, "text/html")
    assert "<table" in tables, f"{tag}: no table displayed"
    missing = [name for name in names if name not in tables]
    assert not missing, f"{tag}: the table does not name {missing}"
    assert any("image/png" in o.get("data", {}) for o in outs), f"{tag}: no chart"


def test_charts_use_a_cjk_font(executed):
    printed = [line for line in text(outputs(executed, "setup"), "stream").splitlines()
               if line.startswith("CJK font:")]
    assert len(printed) == 1, "the setup cell should say which font it chose"
    expected = cjk_font()
    if expected is None:
        pytest.skip("no CJK font is installed on this machine (Debian: apt-get install fonts-noto-cjk)")
    chosen = printed[0].removeprefix("CJK font:").strip()
    assert chosen == expected and (chosen in PREFERRED_CJK_FONTS or CJK_NAME.search(chosen))
    assert "missing from font" not in text(outputs(executed), "stream")

"""The notebook in docs/ runs from top to bottom (CI runs it; a failing cell fails the test)."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from tests.conftest import ROOT, SHARED, need_shared


def test_the_analysis_notebook_runs() -> None:
    need_shared(SHARED / "seeds")
    need_shared(SHARED / "data" / "iati" / "real")
    nb = nbformat.read(ROOT / "docs" / "analysis.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "docs")}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("<iframe" in o["data"]["text/html"] for o in html)  # the network, inline
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the figure
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "projects are about border management" in printed

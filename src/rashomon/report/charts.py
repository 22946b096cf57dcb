"""What the chart pages share: the plotting library written once as a local asset, and data handed to
the page's own script as JSON that article text cannot break out of.

Charts use plotly.js from the plotly package (its bundled `plotly.min.js`), copied next to the pages
so that they open from file:// with no network; the pages refer to it by a relative path."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

ASSETS_DIR = "assets"
PLOTLY_JS = "plotly.min.js"

# Inside <script> the HTML parser ends the element at "</script" whatever the JSON means, and "<!--"
# switches it into an escaped state: writing every "<", ">" and "&" as a JSON unicode escape keeps
# the text inert in HTML while JSON.parse reads back the same string. U+2028/9 are escaped too, for
# engines that still treat them as line ends.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_json(data: Any) -> str:
    """`data` as JSON text that can sit inside a <script> element unchanged."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return text


def json_script(data: Any, element_id: str) -> Markup:
    """A <script type="application/json"> block holding `data`; the page reads it with JSON.parse."""
    return Markup('<script type="application/json" id="{}">{}</script>').format(
        escape(element_id), Markup(safe_json(data))
    )


def plotly_source() -> Path:
    """plotly.min.js as the plotly package ships it (the version pinned by the installed package)."""
    path = resources.files("plotly") / "package_data" / PLOTLY_JS
    return Path(str(path))


def write_assets(out_dir: Path) -> Path:
    """Copy the plotting library to `out_dir/assets/` once per report; skipped when already current."""
    target_dir = out_dir / ASSETS_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    source = plotly_source()
    target = target_dir / PLOTLY_JS
    if not target.is_file() or target.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, target)
    return target

"""Screenshots of the report's main views for the README: builds a report from the seeds (and the
invented articles about other conflicts in tests/data/stories) into a temporary folder and shoots
its pages with headless Chromium into docs/screenshots/*.png.

    .venv/bin/python scripts/screenshots.py [--chromium /usr/bin/chromium] [INPUT ...]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [ROOT.parent / "shared" / "seeds", ROOT / "tests" / "data" / "stories" / "articles.jsonl"]
OUT = ROOT / "docs" / "screenshots"
# (page, PNG name, window height): heights chosen to show each view's chart and little else, which
# keeps every PNG near or under 200 kB.
SHOTS = [
    ("index.html", "overview.png", 900),
    ("timeline.html", "timeline.png", 1000),
    ("map.html", "map.png", 900),
    ("framing.html", "framing.png", 820),
]
WIDTH = 1200


def build(inputs: list[Path], out: Path) -> None:
    from rashomon.analyze import analyze

    analyze([str(path) for path in inputs], db=str(out / "report.db"), report_dir=out / "report")


def shoot(chromium: str, page: Path, png: Path, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{height}",
                "--virtual-time-budget=5000",  # lets plotly finish drawing before the shot
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=DEFAULT_INPUTS)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        print(f"no chromium at {args.chromium}: apt-get install -y chromium", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        build(args.inputs, Path(tmp))
        for page, name, height in SHOTS:
            shoot(args.chromium, Path(tmp) / "report" / page, OUT / name, height)
            print(f"{OUT / name}: {(OUT / name).stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

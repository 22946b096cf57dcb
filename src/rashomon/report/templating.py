"""The Jinja2 environment both front ends render with: the report (`rashomon.report`) and the dashboard
(`rashomon.web`). Autoescape is on for every template, strings included: article text, titles, outlet
names and URLs are untrusted. A front end's own templates come first; then the pieces the two share
(rashomon/templates_shared: the page frame, the highlighted article text, contradiction sides and the
stylesheets)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from rashomon.report.highlight import css_name

SHARED = "templates_shared"


def environment(package: str, **filters: Callable[..., Any]) -> Environment:
    """The environment for the templates of `package` (its `templates` folder) and the shared ones, with
    the `css` filter (a value as a class name) and `filters`."""
    env = Environment(
        loader=ChoiceLoader([PackageLoader(package, "templates"), PackageLoader("rashomon", SHARED)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css"] = css_name
    env.filters.update(filters)
    return env

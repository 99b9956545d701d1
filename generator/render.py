"""Rendering the generated pages: Jinja2 templates to Markdown strings.

Templates ship in ``generator/templates``; a site overrides any of them by putting a file of the
same name in its template folder (``theme/casebook/`` by default). Every ``{{ value }}`` is
escaped unless it is already safe markup, so a template cannot forget to escape case text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import vocab
from generator.catalog import Catalog
from generator.models import Case, Protocol
from generator.sanitize import escape_text, render_markdown
from generator.views import case_view, shown_age

_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _ident(value: str) -> Markup:
    # Ids go into link targets unescaped; the model already guarantees their shape.
    if not _ID_RE.match(value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def make_environment(override_dir: Path | None = None) -> Environment:
    """Create the template environment, site overrides first, then the packaged templates."""
    loaders: list[Any] = []
    if override_dir is not None and override_dir.is_dir():
        loaders.append(FileSystemLoader(override_dir))
    loaders.append(PackageLoader("generator", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=False,  # we generate Markdown; `finalize` escapes every value instead
        finalize=escape_text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = render_markdown
    env.filters["ident"] = _ident
    env.globals.update(vocab=vocab, shown_age=shown_age)
    return env


class Renderer:
    """Renders every generated page of a catalog."""

    def __init__(self, override_dir: Path | None = None) -> None:
        self.env = make_environment(override_dir)

    def render(self, template: str, **context: Any) -> str:
        """Render one template with ``context``."""
        return self.env.get_template(template).render(**context)

    def case_page(self, case: Case, catalog: Catalog, photo: str | None = None) -> str:
        """Render the page of one case; ``photo`` is its cleaned photo's file name, if any."""
        protocol = catalog.protocols[case.treatment.protocol]
        view = case_view(case, protocol)
        return self.render("case.md.j2", view=view, catalog=catalog, photo=photo)

    def cases_index(self, catalog: Catalog) -> str:
        """Render the index of all visible cases."""
        return self.render("cases_index.md.j2", catalog=catalog, cases=catalog.cases)

    def protocol_section(self, protocol: Protocol, catalog: Catalog) -> str:
        """Render what is appended to a protocol's hand-written page."""
        cases = catalog.cases_of(protocol.id)
        return self.render("protocol.md.j2", protocol=protocol, cases=cases, catalog=catalog)

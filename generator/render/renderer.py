"""Rendering the generated pages: Jinja2 templates to Markdown strings.

Templates ship in ``generator/templates``; a site overrides any of them by putting a file of the
same name in its template folder (``theme/casebook/`` by default). Every ``{{ value }}`` is
escaped unless it is already safe markup, so a template cannot forget to escape case text.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.catalog import aggregates, changes, ledger, pricing, recovery
from generator.catalog.addresses import RESULTS_URI, case_page_uri, facet_pages, index_pages
from generator.catalog.facets import Facet, facet_groups
from generator.catalog.markers import marker_problem, recent_count, results_cases
from generator.catalog.paging import ListingPage
from generator.catalog.reviews import shown_review
from generator.catalog.selection import Catalog
from generator.catalog.views import CardView, card_view, case_view, shown_age
from generator.content import i18n, vocab
from generator.content.fields import ID_PATTERN
from generator.content.markers import Marker
from generator.content.models import Case, Protocol
from generator.content.reference import Reference
from generator.content.strict_yaml import FieldPath
from generator.content.translations import LANGUAGE_PATTERN
from generator.render import charts
from generator.render.alternates import language_name
from generator.render.escape import escape_text
from generator.render.finished import FinishedPage, Headings
from generator.render.frontmatter import safe_meta
from generator.render.links import page_link_to, relative_url
from generator.render.photos import PHOTO_NAME_RE, ShownPhoto
from generator.render.sanitize import render_markdown

_ID_RE = re.compile(ID_PATTERN)
_ROOT_RE = re.compile(r"^(\.\./)*$")
_PAGE_LINK_RE = re.compile(r"^(\.\./)*([a-z0-9]+(-[a-z0-9]+)*/)*([a-z0-9]+(-[a-z0-9]+)*\.md)?$")


def _ident(value: str) -> Markup:
    # Ids go into link targets unescaped; the model already guarantees their shape.
    if not _ID_RE.match(value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def _anchor(value: str) -> Markup:
    # A heading id in attribute-list syntax; written by a filter because `{#` opens a
    # Jinja comment in a template.
    return Markup("{#" + _ident(value) + "}")


def _front_matter(meta: Mapping[str, Any]) -> str:
    # Escaped as the plugin escapes front matter (render/frontmatter.py), so that a plain
    # MkDocs build of `casebook export` prints the same; YAML quotes keys such as `on`.
    if not meta:
        return ""
    return yaml.safe_dump(safe_meta(dict(meta)), sort_keys=False, allow_unicode=True, width=100)


def relative_root(src_uri: str) -> Markup:
    """Return the way from a page in the docs tree up to the docs root (``""``, ``"../"``...)."""
    return _safe_root("../" * src_uri.count("/"))


def _safe_prefix(prefix: str) -> Markup:
    # A language's folder goes into link targets unescaped: "" or a language code and "/".
    if prefix and not re.fullmatch(LANGUAGE_PATTERN + "/", prefix):
        raise ValueError(f"not a language's folder: {prefix!r}")
    return Markup(prefix)


def _safe_root(root: str) -> Markup:
    # The way up to the docs root goes into link targets unescaped: only "../" steps allowed.
    if not _ROOT_RE.match(root):
        raise ValueError(f"not a way up the docs tree: {root!r}")
    return Markup(root)


def _card(case: Case, catalog: Catalog, language: str) -> CardView:
    """Return a case's card in ``language``: its translated headline, when there is one."""
    translation = catalog.translation(case.id, language)
    shown = translation.case if translation else case
    return card_view(shown, catalog.protocols[case.treatment.protocol])


def _foreign(catalog: Catalog, spoken: str) -> Markup:
    """Return the ``lang`` attribute that marks the site's own untranslated data.

    Protocol names and the like are in the site's language: on a page in another language
    they are marked with it; on a page in the site's language nothing is needed.
    """
    return lang_attribute("" if spoken == catalog.language else catalog.language)


def _foreign_span(catalog: Catalog, spoken: str) -> dict[str, Markup]:
    """Return the tags around the site's own untranslated data in Markdown (see `_foreign`)."""
    attribute = _foreign(catalog, spoken)
    if not attribute:
        return {"foreign_open": Markup(), "foreign_close": Markup()}
    return {"foreign_open": Markup(f"<span{attribute}>"), "foreign_close": Markup("</span>")}


def _estimator_texts() -> dict[str, str]:
    """Return the cost estimator script's words in the language spoken (casebook-cost.js)."""
    return {
        "range": i18n._("({min} to {max})"),
        "note": i18n._("This protocol gives {min} to {max} sessions; the estimate uses {count}."),
        "breakdown": i18n._("Base {base} + {count} × {per_session}"),  # noqa: RUF001 - times
        "one": i18n._("{n} option"),
        "many": i18n._("{n} options"),
    }


def _case_studies_title(page: ListingPage) -> str:
    if page.number == 1:
        return i18n._("Case studies")
    return i18n._("Case studies, page %(number)s") % {"number": page.number}


def _language_meta(catalog: Catalog, spoken: str) -> dict[str, Any]:
    """Return the page's language for the theme, when it is not the site's.

    Its versions in the other languages (the switcher) are the plugin's to find: it sees
    every page of the build (engine/language_nav.py).
    """
    return {} if spoken == catalog.language else {"casebook_lang": spoken}


def evidence_link(catalog: Catalog, root: str) -> Markup:
    """Return the link to the page that cites the reference tables' sources.

    That is the evidence page (the one with ``<!-- casebook:references -->``), else the
    results page, which then lists them; ``root`` is the way from the linking page to the
    docs root.
    """
    page = catalog.evidence_page or "results/index.md"
    return Markup(_safe_root(root) + quote(page))


def citer(reference: Reference) -> Callable[[Sequence[str]], str]:
    """Return a function naming sources by their short labels: ``Kirshblum 2021``."""

    def cited(ids: Sequence[str]) -> str:
        return ", ".join(reference.sources[i].label for i in ids)

    return cited


def _url(value: str) -> Markup:
    # A source's address, shown as a link; the reference model allows only https addresses
    # without spaces, quotes or angle brackets, and the escaping keeps `&` intact.
    if not re.fullmatch(r"https://[^\s<>\"]+", value):
        raise ValueError(f"not a web address: {value!r}")
    shown = html.escape(value)
    return Markup(f'<a href="{shown}">{shown}</a>')


def _page_link(target: str) -> Markup:
    # Links between the pages of a listing go into link targets unescaped: paths we build from
    # ids and page numbers only.
    if not _PAGE_LINK_RE.match(target):
        raise ValueError(f"not a listing page: {target!r}")
    return Markup(target)


def _link(page: str, target: str, *, directory_urls: bool) -> Markup:
    # Links of finished HTML go into href attributes unescaped: paths of pages we generate or
    # link to, built from ids only.
    if not _PAGE_LINK_RE.match(target.partition("#")[0]):
        raise ValueError(f"not a page of the site: {target!r}")
    return Markup(relative_url(page, target, directory_urls))


def _photo_name(name: str) -> Markup:
    # Photo names go into link targets; we choose them (photo-320.jpg...), never a case.
    if not PHOTO_NAME_RE.match(name):
        raise ValueError(f"not a published photo name: {name!r}")
    return Markup(name)


def lang_attribute(code: str) -> Markup:
    """Return `` lang="<code>"`` for a text in another language than its page's, or nothing."""
    if code and not re.fullmatch(LANGUAGE_PATTERN, code):
        raise ValueError(f"not a language code: {code!r}")
    return Markup(f' lang="{code}"') if code else Markup()


def message(text: str, **variables: Any) -> Markup:
    """Return ``text`` in the language spoken, its ``%(name)s`` placeholders filled, escaped.

    The templates' ``_()`` and ``{% trans %}``. Messages are trusted like the templates that
    hold them, and may hold markup; the values put into them are escaped as every value is.
    """
    if not variables:  # most of a page's hundred messages: the same few each time
        return _plain_message(i18n.spoken_catalog(), text)
    return _filled(i18n._(text), variables)


def _filled(translated: str, variables: dict[str, Any]) -> Markup:
    # The message is trusted markup; the values put into it are escaped as every value is.
    return Markup(translated) % {name: escape_text(value) for name, value in variables.items()}


@functools.lru_cache(maxsize=4096)
def _plain_message(catalog: Any, text: str) -> Markup:
    # `%` with no values still turns the "%%" of a message into "%", as `trans` expects.
    return Markup(catalog.gettext(text)) % {}


def context_message(context: str, text: str, **variables: Any) -> Markup:
    """Return ``text`` as :func:`message` does, translated in ``context`` (``pgettext``)."""
    return _filled(i18n.pgettext(context, text), variables)


def plural_message(singular: str, plural: str, count: float, **variables: Any) -> Markup:
    """Return the form of a message for ``count`` (``ngettext``), as :func:`message` does.

    gettext counts in whole numbers: a fraction (2.5 hours) takes the form of 2, the plural
    of English and Spanish.
    """
    variables.setdefault("num", count)
    whole = int(count) if float(count).is_integer() else 2
    return _filled(i18n.ngettext(singular, plural, whole), variables)


def install_messages(env: Environment) -> None:
    """Give ``env`` the site's message catalogs: ``_()``, ``ngettext`` and ``{% trans %}``."""
    env.add_extension("jinja2.ext.i18n")
    # newstyle: `trans` passes its values to these functions, which escape them.
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        message, plural_message, newstyle=True
    )
    env.globals.update(
        _=message, gettext=message, ngettext=plural_message, pgettext=context_message
    )


def make_environment(override_dir: Path | None = None) -> Environment:
    """Create the template environment, site overrides first, then the packaged templates."""
    loaders: list[Any] = []
    if override_dir is not None and override_dir.is_dir():
        loaders.append(FileSystemLoader(override_dir))
    loaders.append(PackageLoader("generator", "render/templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=False,  # we generate Markdown; `finalize` escapes every value instead
        finalize=escape_text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    install_messages(env)
    env.filters["md"] = render_markdown
    env.filters["ident"] = _ident
    env.filters["photo_name"] = _photo_name
    env.filters["week"] = aggregates.format_week
    env.filters["rate"] = recovery.rate_words
    env.filters["url"] = _url
    env.filters["page_link"] = _page_link
    env.globals.update(vocab=vocab, shown_age=shown_age, anchor=_anchor)
    return env


class Renderer:
    """Renders every generated page of a catalog, and the blocks markers put into pages."""

    def __init__(self, override_dir: Path | None = None) -> None:
        self.env = make_environment(override_dir)
        # Case pages by case id, with the inputs they were rendered from: `mkdocs serve` keeps
        # the renderer across rebuilds, so an edit re-renders one case page, not all of them.
        self._case_pages: dict[tuple[str, str], tuple[str, FinishedPage]] = {}
        # Listing pages by docs path, with their inputs (see `_listing`).
        self._listing_pages: dict[str, tuple[tuple[object, ...], FinishedPage]] = {}

    def render(self, template: str, **context: Any) -> str:
        """Render one template with ``context``."""
        return self.env.get_template(template).render(**context)

    def block(self, template: str, **context: Any) -> Markup:
        """Render a template meant to be embedded in another page, as safe markup."""
        return Markup(self.render(template, **context))

    def finished(
        self,
        template: str,
        src_uri: str,
        title: str,
        directory_urls: bool,
        meta: Mapping[str, Any] | None = None,
        **context: Any,
    ) -> FinishedPage:
        """Render ``template`` as the finished HTML of the page ``src_uri`` (render/finished.py).

        The template gets ``h``, which writes and records a heading, and ``link``, which
        leads from this page's URL to a page of the docs tree, besides ``context``. ``meta``
        goes into the page's front matter after its title, for the theme.
        """
        headings = Headings()
        link = partial(_link, src_uri, directory_urls=directory_urls)
        body = self.render(template, h=headings, link=link, **context)
        front_matter = f'title: "{escape_text(title)}"\n' + _front_matter(meta or {})
        return FinishedPage(front_matter, Markup(body), tuple(headings.written))

    def case_page(
        self,
        case: Case,
        catalog: Catalog,
        photo: ShownPhoto | None = None,
        directory_urls: bool = True,
        language: str | None = None,
    ) -> FinishedPage:
        """Render the page of one case as finished HTML; ``photo`` is how it shows its photo.

        ``language`` is one of the site's other languages: the page shows the case's
        translation into it, when there is one, and the case file's texts where there is none.
        The page depends on the case, its translation, its protocol, its photo, the reference
        tables, where their sources are cited and the shape of URLs (the template gets nothing
        else), which is what makes reusing an earlier rendering safe.
        """
        spoken = language or catalog.language
        translation = catalog.translation(case.id, spoken)
        shown = translation.case if translation else case
        protocol = catalog.protocols[case.treatment.protocol]
        reference = catalog.reference
        key = (
            "\0".join(
                (shown.model_dump_json(), protocol.model_dump_json(), str(photo), reference.key)
            )
            + f"\0{catalog.evidence_page}\0{directory_urls}\0{catalog.languages}"
            + (f"\0{sorted(translation.translated)}\0{translation.outdated}" if translation else "")
        )
        cached = self._case_pages.get((case.id, spoken))
        if cached is not None and cached[0] == key:
            return cached[1]
        with i18n.speaking(spoken):
            page = self._case_page(shown, catalog, photo, directory_urls, spoken)
        self._case_pages[(case.id, spoken)] = (key, page)
        return page

    def _case_page(
        self,
        case: Case,
        catalog: Catalog,
        photo: ShownPhoto | None,
        directory_urls: bool,
        spoken: str,
    ) -> FinishedPage:
        translation = catalog.translation(case.id, spoken)
        protocol = catalog.protocols[case.treatment.protocol]
        reference = catalog.reference
        src_uri = case_page_uri(case.id, catalog.prefix(spoken))
        source = catalog.language
        foreign = _foreign(catalog, spoken)
        translated = translation.translated if translation else frozenset()

        def untranslated(path: FieldPath) -> str:
            return "" if spoken == source or path in translated else source

        def lang_of(field: str) -> Markup:
            path = tuple(int(p) if p.isdigit() else p for p in field.split("."))
            return lang_attribute(untranslated(path))

        meta = _language_meta(catalog, spoken)
        if case.reviewed:
            meta["reviewed"] = shown_review(case.reviewed, months=False)
        return self.finished(
            "case.html.j2",
            src_uri,
            case.headline,
            directory_urls,
            meta=meta,
            view=case_view(case, protocol, reference, untranslated),
            photo=photo,
            chart=charts.case_timeline_chart(case),
            marks=charts.case_marks(case),
            reference=reference,
            cited=citer(reference),
            evidence=_link(
                src_uri, catalog.evidence_page or RESULTS_URI, directory_urls=directory_urls
            ),
            home=catalog.prefix(spoken),
            lang_of=lang_of,
            protocol_lang=foreign,
            reference_lang=foreign,
            outdated=bool(translation and translation.outdated),
            original=catalog.language,
            original_name=language_name(catalog.language),
        )

    def cards(
        self,
        cases: Sequence[Case],
        catalog: Catalog,
        photos: Mapping[str, ShownPhoto],
        page: str,
        directory_urls: bool = True,
        language: str | None = None,
    ) -> Markup:
        """Render a grid of case cards, as finished HTML of the page ``page``.

        ``photos`` holds how this page shows each case's photo (see :mod:`.photos`); the
        cards lead to the case pages in ``language``.
        """
        spoken = language or catalog.language
        to_case = page_link_to(page, catalog.prefix(spoken) + "cases", directory_urls)
        case_link = lambda case_id: Markup(to_case(_ident(case_id)))  # noqa: E731 - ids only
        with i18n.speaking(spoken):
            views = [_card(c, catalog, spoken) for c in cases]
            return self.block(
                "cards.html.j2",
                cards=views,
                photos=photos,
                case_link=case_link,
                foreign=_foreign(catalog, spoken),
            )

    def _listing(
        self, src_uri: str, inputs: tuple[object, ...], render: Callable[[], FinishedPage]
    ) -> FinishedPage:
        # A listing page is a function of `inputs`: the cases it shows (compared by identity
        # first, and the loader keeps the same object for a file that did not change), their
        # protocols and photos, its page links and counts. An edit to one case re-renders the
        # few listing pages that show it, not the hundreds of a big caseload.
        cached = self._listing_pages.get(src_uri)
        if cached is not None and cached[0] == inputs:
            return cached[1]
        page = render()
        self._listing_pages[src_uri] = (inputs, page)
        return page

    def _card_inputs(
        self, cases: Sequence[Case], catalog: Catalog, photos: Mapping[str, ShownPhoto]
    ) -> tuple[object, ...]:
        return (
            tuple(cases),
            tuple(catalog.protocols[c.treatment.protocol] for c in cases),
            tuple(str(photos.get(c.id)) for c in cases),
        )

    def cases_index(
        self,
        catalog: Catalog,
        photos: Mapping[str, ShownPhoto] | None = None,
        page: ListingPage | None = None,
        directory_urls: bool = True,
        language: str | None = None,
    ) -> FinishedPage:
        """Render a page of the index of all published cases (the first by default).

        The first page links to every facet page; a preview lists its draft and review cases
        there too, apart, so editors can reach them. ``language`` is one of the site's other
        languages, whose index is under ``<lang>/``.
        """
        spoken = language or catalog.language
        with i18n.speaking(spoken):
            return self._cases_index(catalog, photos or {}, page, directory_urls, spoken)

    def _cases_index(
        self,
        catalog: Catalog,
        photos: Mapping[str, ShownPhoto],
        page: ListingPage | None,
        directory_urls: bool,
        spoken: str,
    ) -> FinishedPage:
        prefix = catalog.prefix(spoken)
        page = page or index_pages(catalog, prefix)[0]
        first = page.number == 1
        title = _case_studies_title(page)
        groups = facet_groups(catalog.cases, catalog.protocols, prefix) if first else []
        card = partial(
            self.cards, catalog=catalog, photos=photos, page=page.src_uri,
            directory_urls=directory_urls, language=spoken,
        )  # fmt: skip
        inputs = (
            title, directory_urls, page.number, page.pages, len(catalog.cases),
            catalog.languages,
            self._card_inputs(page.cases, catalog, photos),
            tuple((g.title, tuple((f.short, f.src_uri, len(f.cases)) for f in g.facets))
                  for g in groups),
            self._card_inputs(catalog.previews, catalog, photos) if first else (),
        )  # fmt: skip
        return self._listing(
            page.src_uri,
            inputs,
            lambda: self.finished(
                "cases_index.html.j2",
                page.src_uri,
                title,
                directory_urls,
                meta=_language_meta(catalog, spoken),
                catalog=catalog,
                cases=catalog.cases,
                page=page,
                groups=groups,
                cards=card(page.cases),
                preview_cards=card(catalog.previews) if first else "",
                home=prefix,
                foreign=_foreign(catalog, spoken),
            ),
        )

    def facet_page(
        self,
        facet: Facet,
        catalog: Catalog,
        photos: Mapping[str, ShownPhoto],
        page: ListingPage | None = None,
        directory_urls: bool = True,
        language: str | None = None,
    ) -> FinishedPage:
        """Render a page (the first by default) listing exactly the cases of one facet.

        ``facet`` comes from ``facet_groups`` in the same ``language``.
        """
        spoken = language or catalog.language
        with i18n.speaking(spoken):
            page = page or facet_pages(facet, catalog)[0]
            title = facet.label
            if page.number > 1:
                title = i18n._("%(facet)s, page %(number)s") % {
                    "facet": title,
                    "number": page.number,
                }
            inputs = (
                title, directory_urls, page.number, page.pages, len(facet.cases),
                catalog.languages, self._card_inputs(page.cases, catalog, photos),
            )  # fmt: skip
            cards = partial(self.cards, page.cases, catalog, photos, page.src_uri, directory_urls)
            return self._listing(
                page.src_uri,
                inputs,
                lambda: self.finished(
                    "facet.html.j2",
                    page.src_uri,
                    title,
                    directory_urls,
                    meta=_language_meta(catalog, spoken),
                    facet=facet,
                    catalog=catalog,
                    cards=cards(language=spoken),
                    page=page,
                    home=catalog.prefix(spoken),
                ),
            )

    def results_block(
        self,
        cases: Sequence[Case],
        catalog: Catalog,
        chart_id: str,
        root: str = "",
        max_week: int = 0,
        home: str = "",
    ) -> Markup:
        """Render the results summary of ``cases``: chart, tables and denominators.

        ``max_week`` widens the chart's axis, so charts shown together share one scale.
        """
        summaries = aggregates.summarise(cases)
        method = Markup(f"{_safe_root(root)}{_safe_prefix(home)}results/index.md#method")
        return self.block(
            "results_block.md.j2",
            summaries=summaries,
            measures=changes.summarise_measures(cases, catalog.reference),
            total=len(cases),
            chart=charts.results_chart(summaries, chart_id, max_week),
            method=method,
            thresholds=evidence_link(catalog, root) + Markup("#measure-thresholds"),
        )

    def results_page(self, catalog: Catalog, language: str | None = None) -> str:
        """Render ``results/index.md``: who was treated, all cases, then each AIS grade.

        ``language`` is one of the site's other languages, whose results page is
        ``<lang>/results/index.md``.
        """
        spoken = language or catalog.language
        with i18n.speaking(spoken):
            return self._results_page(catalog, spoken)

    def _results_page(self, catalog: Catalog, spoken: str) -> str:
        home = catalog.prefix(spoken)
        root = relative_root(home + RESULTS_URI)  # to the docs root: "../", or "../../"
        widest = max(aggregates.improvement_weeks(catalog.cases), default=0)
        block = partial(self.results_block, catalog=catalog, root=root, max_week=widest, home=home)
        grades = []
        for grade in vocab.INJURY_GRADES:
            cases = aggregates.with_ais(catalog.cases, grade)
            group = recovery.grade_group(cases, grade, catalog.reference)
            grades.append((group, block(cases, chart_id=f"cb-chart-ais-{grade.lower()}")))
        return self.render(
            "results.md.j2",
            catalog=catalog,
            flow=self.ledger_block(catalog, language=spoken),
            overall=block(catalog.cases, chart_id="cb-chart-all"),
            grades=grades,
            method=aggregates.QUARTILE_METHOD,
            reference=catalog.reference,
            cited=citer(catalog.reference),
            references=self.references_block(catalog),
            evidence=evidence_link(catalog, root),
            **_foreign_span(catalog, spoken),
        )

    def ledger_block(
        self, catalog: Catalog, protocol: Protocol | None = None, language: str | None = None
    ) -> Markup:
        """Render the participant-flow table of every protocol, or of ``protocol`` only."""
        rows, total = ledger.ledger(catalog)
        if protocol is not None:
            rows = [row for row in rows if row.protocol_id == protocol.id]
            total = rows[0]
        foreign = _foreign_span(catalog, language or catalog.language)
        return self.block("ledger.md.j2", rows=rows, total=total, **foreign)

    def references_block(self, catalog: Catalog) -> Markup:
        """Render the reference tables with every source they cite."""
        labels = {m: changes.measure_label(m) for m in vocab.MEASURES}
        return self.block(
            "references.md.j2",
            reference=catalog.reference,
            labels=labels,
            better=changes.better_words,
            threshold=changes.threshold_words,
        )

    def protocol_section(
        self,
        protocol: Protocol,
        catalog: Catalog,
        language: str | None = None,
        root: str = "../",
    ) -> str:
        """Render what is appended to a protocol's hand-written page.

        ``language`` is the page's: a translation of the page (``<lang>/protocols/<id>.md``)
        gets the section in its language, the protocol's own words marked as the site's.
        ``root`` is the way from the page to the docs root.
        """
        spoken = language or catalog.language
        home = catalog.prefix(spoken)
        with i18n.speaking(spoken):
            cases = catalog.cases_of(protocol.id)
            results = self.results_block(cases, catalog, "cb-chart-protocol", root, home=home)
            return self.render(
                "protocol.md.j2",
                protocol=protocol,
                cases=cases,
                catalog=catalog,
                results=results,
                flow=self.ledger_block(catalog, protocol, language=spoken),
                facet_link=Markup(f"../cases/protocol/{_ident(protocol.id)}.md"),
                **_foreign_span(catalog, spoken),
            )

    def cost_page(self, catalog: Catalog, language: str | None = None) -> str:
        """Render ``cost.md``: the estimator and the plain price table.

        ``language`` is one of the site's other languages, for ``<lang>/cost.md``: the page
        speaks it and writes amounts as it does; the protocols' names stay theirs, marked.
        """
        spoken = language or catalog.language
        with i18n.speaking(spoken):
            return self.render(
                "cost.md.j2",
                protocols=pricing.priced(catalog.protocols),
                rows=pricing.price_rows(catalog.protocols, locale=spoken),
                data=pricing.estimator_json(catalog.protocols),
                texts=_estimator_texts(),
                foreign=_foreign(catalog, spoken),
                # A page under <lang>/ leads to the protocol pages of the site's language.
                protocols_path=Markup("../" * catalog.prefix(spoken).count("/") + "protocols/"),
                **_foreign_span(catalog, spoken),
            )

    def marker(
        self, marker: Marker, catalog: Catalog, root: str, language: str | None = None
    ) -> str | None:
        """Render the block of one content marker on a page whose way to the root is ``root``.

        ``language`` is the page's, one of the site's other languages for a page under
        ``<lang>/``: the block speaks it and leads to that language's case pages.

        Returns:
            The block, or ``None`` for a marker that ``marker_problem`` refuses (reported by
            ``prepare``; the page keeps the marker, an HTML comment, in a preview).
        """
        if marker_problem(marker, catalog) is not None:
            return None
        spoken = language or catalog.language
        with i18n.speaking(spoken):
            return self._marker(marker, catalog, _safe_root(root), spoken)

    def _marker(self, marker: Marker, catalog: Catalog, root: Markup, spoken: str) -> str:
        if marker.name == "stats":
            counts = aggregates.site_counts(catalog.cases, catalog.protocols)
            _rows, total = ledger.ledger(catalog)
            return self.render("stats.md.j2", counts=counts, total=total, root=root)
        if marker.name == "references":
            return self.references_block(catalog)
        if marker.name == "recent":
            recent = aggregates.most_recent(catalog.cases, recent_count(marker))
            views = [_card(c, catalog, spoken) for c in recent]
            home = _safe_prefix(catalog.prefix(spoken))
            return self.render("recent.md.j2", cards=views, root=root, home=home)
        cases = results_cases(marker, catalog)
        chart = f"cb-chart-marker-{marker.line}"
        return self.results_block(cases, catalog, chart, root, home=catalog.prefix(spoken))

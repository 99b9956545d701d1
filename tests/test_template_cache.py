"""Compiled theme templates kept in memory across preview rebuilds."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment

from generator.engine.template_cache import MemoryBytecodeCache


class CountingEnvironment(Environment):
    """An environment that counts the templates it compiles from source."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.compiled: list[str] = []

    def compile(self, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        """Compile as Jinja does, noting the template's name."""
        self.compiled.append(str(name))
        return super().compile(source, name, *args, **kwargs)


def _rebuild(templates: dict[str, str], cache: MemoryBytecodeCache) -> CountingEnvironment:
    # A new environment per rebuild, as MkDocs makes for the theme; only the cache is kept.
    return CountingEnvironment(loader=DictLoader(templates), bytecode_cache=cache)


def test_an_unchanged_template_is_not_compiled_again_and_renders_the_same() -> None:
    cache = MemoryBytecodeCache()
    templates = {"page.html": "Hello {{ name }}"}
    first = _rebuild(templates, cache)
    assert first.get_template("page.html").render(name="a") == "Hello a"
    assert first.compiled == ["page.html"]
    second = _rebuild(templates, cache)
    assert second.get_template("page.html").render(name="b") == "Hello b"
    assert second.compiled == []


def test_an_edited_template_is_compiled_afresh() -> None:
    cache = MemoryBytecodeCache()
    templates = {"page.html": "Hello {{ name }}", "other.html": "x"}
    _rebuild(templates, cache).get_template("page.html")
    templates["page.html"] = "Goodbye {{ name }}"
    edited = _rebuild(templates, cache)
    assert edited.get_template("page.html").render(name="a") == "Goodbye a"
    assert edited.compiled == ["page.html"]


def test_clear_forgets_every_template() -> None:
    cache = MemoryBytecodeCache()
    templates = {"page.html": "Hello"}
    _rebuild(templates, cache).get_template("page.html")
    cache.clear()
    after = _rebuild(templates, cache)
    after.get_template("page.html")
    assert after.compiled == ["page.html"]

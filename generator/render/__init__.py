"""Drawing pages: the Jinja environment and escaping, templates, charts, generated pages.

Layer rule: imports ``content`` and ``catalog``; no MkDocs. Rendering finds no new problems:
everything was checked by ``catalog.build.prepare`` first.
"""

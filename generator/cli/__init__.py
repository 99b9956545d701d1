"""The ``casebook`` command line: validate, new, schema, export.

Layer rule: imports ``content``, ``catalog`` and ``render``; reads ``mkdocs.yml`` as plain YAML
(``sitefile``), never through MkDocs or the plugin.
"""

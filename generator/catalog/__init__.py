"""What a site shows: publication rules, the catalog, aggregates, facets, pricing, views.

Layer rule: imports ``content`` only; no MkDocs, no Jinja. Pure functions over loaded models,
no clock (the build date is passed in); ``build.prepare`` is the one entry that reads a site,
through ``content``, and checks everything before anything is rendered.
"""

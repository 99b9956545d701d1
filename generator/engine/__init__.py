"""The MkDocs adapter: the plugin, its options, preview reuse, the error banner, stale pages.

Layer rule: the only package that imports MkDocs or Material; it turns MkDocs events into calls
to the core (``catalog.build.prepare``, ``render.pages``) and the core's errors into MkDocs'.
"""

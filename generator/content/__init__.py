"""Reading and checking: strict YAML, field types, vocabularies, models, loading, cross-file checks.

Layer rule: imports nothing else of Casebook's, and neither MkDocs nor Material. Everything a
user can get wrong is found here or in ``catalog`` and reported as a located ``Problem``.
"""

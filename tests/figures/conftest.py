"""The figures tests use the session's spaCy pipeline (``nlp`` in tests/conftest.py)."""

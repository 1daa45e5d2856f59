"""NLP stage: spaCy sentences and entities with character offsets."""

from eventwire.nlp.pipeline import (
    PARAGRAPH_BREAKS,
    annotate_doc,
    load_nlp,
    load_pipeline,
    mark_paragraph_breaks,
    model_name,
    parse_stream,
    pipe_texts,
)

__all__ = [
    "PARAGRAPH_BREAKS",
    "annotate_doc",
    "load_nlp",
    "load_pipeline",
    "mark_paragraph_breaks",
    "model_name",
    "parse_stream",
    "pipe_texts",
]

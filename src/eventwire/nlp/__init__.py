"""NLP stage: spaCy sentences and entities with character offsets."""

from eventwire.nlp.pipeline import (
    PARAGRAPH_BREAKS,
    annotate_doc,
    load_pipeline,
    mark_paragraph_breaks,
    model_name,
    pipe_texts,
)

__all__ = [
    "PARAGRAPH_BREAKS",
    "annotate_doc",
    "load_pipeline",
    "mark_paragraph_breaks",
    "model_name",
    "pipe_texts",
]

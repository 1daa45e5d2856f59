"""NLP stage: spaCy sentences and entities with character offsets."""

from eventwire.nlp.pipeline import (
    MAX_PART_CHARS,
    PARAGRAPH_BREAKS,
    annotate_doc,
    load_nlp,
    load_pipeline,
    mark_paragraph_breaks,
    model_name,
    parse_long,
    parse_stream,
    pipe_texts,
    sentence_ents,
    split_text,
)

__all__ = [
    "MAX_PART_CHARS",
    "PARAGRAPH_BREAKS",
    "annotate_doc",
    "load_nlp",
    "load_pipeline",
    "mark_paragraph_breaks",
    "model_name",
    "parse_long",
    "parse_stream",
    "pipe_texts",
    "sentence_ents",
    "split_text",
]

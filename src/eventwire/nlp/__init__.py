"""NLP stage: spaCy sentences and entities with character offsets."""

from eventwire.nlp.pipeline import annotate_doc, load_pipeline, model_name, pipe_texts

__all__ = ["annotate_doc", "load_pipeline", "model_name", "pipe_texts"]

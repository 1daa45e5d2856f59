"""Where the per-article work of a run happens: in this process (``local``, with ``nlp.n_process``
spaCy workers) or on a Dask cluster (``dask``).

The run (:func:`eventwire.pipeline.run_pipeline`) reads, normalises and plans articles in this
process and writes every batch to the store itself; an engine only turns the planned articles
into their annotations (spaCy parse, sentences, entities, every extract stage), in the order they
came. The store stages (provenance, stories, fusion) run after it, in this process, whichever
engine parsed: see ``docs/scaling.md`` for what that means at scale.
"""

from __future__ import annotations

from eventwire.engine.cluster import DaskEngine, open_engine

__all__ = ["DaskEngine", "open_engine"]

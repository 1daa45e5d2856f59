"""Serving a store: the read-only REST API and the offline dashboard (``eventwire serve``).

``app`` builds the FastAPI application over the query layer (:mod:`eventwire.query`); ``snapshot``
keeps the copy of the store it reads, so that an ingest into the store can run while it serves;
``static`` holds the dashboard's pages and assets, all shipped in the package.
"""

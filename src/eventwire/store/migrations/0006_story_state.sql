-- 0006: the story clusterer's state, saved after each provenance run so that the next run
-- continues from it instead of replaying the processed articles. One row; a row whose version,
-- settings or processed-article digest does not match the run is ignored (the run replays).

CREATE TABLE story_state (
    name       VARCHAR PRIMARY KEY,   -- 'clusterer'
    version    INTEGER NOT NULL,      -- format of the state; another version is ignored
    settings   VARCHAR NOT NULL,      -- the ClusterSettings the state was built with
    n_articles INTEGER NOT NULL,      -- processed articles the state has seen
    digest     VARCHAR NOT NULL,      -- hash of their ids and input hashes, in processing order
    state      BLOB NOT NULL,         -- the clusterer, pickled
    saved_at   TIMESTAMP NOT NULL
);

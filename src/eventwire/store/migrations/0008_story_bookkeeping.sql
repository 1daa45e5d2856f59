-- 0008: stories become a stage of their own, run after provenance (eventwire.stories.run), with
-- their own bookkeeping, and the story clusterer's state is kept as plain data.
--
-- story_state (0006) held the clusterer pickled: opening a store someone sent would unpickle
-- their bytes, that is run their code. It is dropped here without being read. A store from
-- before this migration has no stories_processed rows yet, so its next stories run assigns the
-- processed articles again, in order, from the provenance tables: the same stories as before.

DROP TABLE IF EXISTS story_state;

CREATE TABLE stories_processed (
    article_id  VARCHAR PRIMARY KEY,
    story_order BIGINT NOT NULL,          -- position in the processing order
    input_hash  VARCHAR NOT NULL          -- provenance input hash and relations it was assigned on
);

CREATE TABLE story_clusterer_state (
    version    INTEGER NOT NULL,          -- format of the state; another version is ignored
    settings   VARCHAR NOT NULL,          -- the ClusterSettings the state was built with
    n_articles INTEGER NOT NULL,          -- processed articles the state has seen
    digest     VARCHAR NOT NULL,          -- hash of their ids and input hashes, in processing order
    state      VARCHAR NOT NULL,          -- the clusterer as JSON (StoryClusterer.dumps)
    saved_at   TIMESTAMP NOT NULL
);

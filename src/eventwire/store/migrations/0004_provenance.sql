-- 0004: provenance and stories. The sentence index (signatures and LSH band keys) persisted so
-- that adding one article costs a few key lookups whatever the size of the store; per-sentence
-- donors, typed relations between articles, and story assignments. Provenance flags (copied,
-- patchwork, attribution-stripped, headline-unsupported) go into the flags table of 0002.
-- Written by `eventwire provenance --update` (eventwire.provenance.run).

CREATE TABLE provenance_articles (
    article_id    VARCHAR PRIMARY KEY,
    published     TIMESTAMP,                  -- UTC, as used by the earliest-source rule
    ingest_order  BIGINT NOT NULL,            -- position in the processing order
    n_sentences   INTEGER NOT NULL,
    agency        VARCHAR,                    -- dateline agency credit, normalised
    input_hash    VARCHAR,                    -- text, title, time and sentences it was computed on
    kind          VARCHAR,                    -- verbatim-copy, rewrite, patchwork; NULL: original
    copied_share  DOUBLE,                     -- share of matchable sentences found earlier
    matchable     INTEGER,                    -- sentences long enough to be compared
    headline_supported BOOLEAN                -- NULL: no headline or nothing to check
);

CREATE TABLE sentence_signatures (
    article_id     VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    tokens         VARCHAR NOT NULL,          -- normalised matching tokens, space-joined
    signature      BLOB NOT NULL,             -- MinHash values, little-endian uint32
    credits        VARCHAR NOT NULL,          -- attribution credits, '|'-joined
    PRIMARY KEY (article_id, sentence_index)
);

CREATE TABLE sentence_fingerprints (
    article_id     VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    band           INTEGER NOT NULL,
    key            BIGINT NOT NULL
);
CREATE INDEX sentence_fingerprints_key ON sentence_fingerprints (key);
CREATE INDEX sentence_fingerprints_article ON sentence_fingerprints (article_id);

CREATE TABLE sentence_donors (
    article_id     VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    rank           INTEGER NOT NULL,          -- 0: the earliest donor
    donor_id       VARCHAR NOT NULL,
    donor_sentence INTEGER NOT NULL,
    similarity     DOUBLE NOT NULL
);
CREATE INDEX sentence_donors_article ON sentence_donors (article_id);

CREATE TABLE article_relations (
    article_id VARCHAR NOT NULL,
    donor_id   VARCHAR NOT NULL,
    rank       INTEGER NOT NULL,              -- 0: the strongest donor
    kind       VARCHAR NOT NULL,              -- verbatim-copy, rewrite, patchwork, shared-text
    score      DOUBLE NOT NULL,               -- share of the article's sentences the donor carries
    similarity DOUBLE NOT NULL,               -- mean similarity of those sentences
    sentences  INTEGER[] NOT NULL,
    PRIMARY KEY (article_id, donor_id)
);

CREATE TABLE article_stories (
    article_id VARCHAR PRIMARY KEY,
    story_id   VARCHAR NOT NULL,
    score      DOUBLE NOT NULL
);
CREATE INDEX article_stories_story ON article_stories (story_id);

CREATE TABLE stories (
    story_id            VARCHAR PRIMARY KEY,
    first_article_id    VARCHAR NOT NULL,
    n_articles          INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL,
    first_published     TIMESTAMP,
    last_published      TIMESTAMP,
    title               VARCHAR
);

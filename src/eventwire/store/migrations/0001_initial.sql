-- 0001: articles with their sentences and named entities, and the inputs that were rejected.

CREATE TABLE articles (
    id                  VARCHAR PRIMARY KEY,
    content_hash        VARCHAR NOT NULL,
    url                 VARCHAR,
    canonical_url       VARCHAR,
    outlet              VARCHAR,
    domain              VARCHAR,
    title               VARCHAR,
    byline              VARCHAR,
    published           TIMESTAMP,            -- UTC
    language            VARCHAR,              -- ISO 639-1, NULL when unknown
    language_confidence DOUBLE,
    dateline_place      VARCHAR,
    dateline_country    VARCHAR,
    dateline_agency     VARCHAR,
    dateline_start      INTEGER,
    dateline_end        INTEGER,
    text                VARCHAR NOT NULL,
    word_count          INTEGER NOT NULL,
    source              VARCHAR NOT NULL,     -- file, URL or '-' it was read from
    locator             VARCHAR,              -- where inside the source (line, item, record)
    source_format       VARCHAR NOT NULL,
    nlp_model           VARCHAR,              -- NULL: the NLP stage was not run (language)
    ingested_at         TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);

CREATE TABLE sentences (
    article_id VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);
CREATE INDEX sentences_article ON sentences (article_id);

CREATE TABLE entities (
    article_id VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    label      VARCHAR NOT NULL,
    text       VARCHAR NOT NULL
);
CREATE INDEX entities_article ON entities (article_id);

CREATE TABLE rejections (
    source     VARCHAR NOT NULL,
    locator    VARCHAR NOT NULL,              -- '' when the whole source was rejected
    code       VARCHAR NOT NULL,
    message    VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    last_seen  TIMESTAMP NOT NULL,
    PRIMARY KEY (source, locator, code)
);

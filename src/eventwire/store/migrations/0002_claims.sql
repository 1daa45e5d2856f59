-- 0002: claims found by the extraction stages: time expressions, figures, quotes, and flags.
-- Offsets are character offsets into articles.text; every row belongs to one article and is
-- replaced with it.

CREATE TABLE time_expressions (
    article_id     VARCHAR NOT NULL,
    idx            INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,          -- DATE, TIME, DURATION, SET
    value          VARCHAR,                   -- TIMEX3 value, e.g. 2017-04-17, 2016-10, P2M
    granularity    VARCHAR,
    interval_start VARCHAR,
    interval_end   VARCHAR
);
CREATE INDEX time_expressions_article ON time_expressions (article_id);

CREATE TABLE figures (
    article_id VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,              -- killed, injured, displaced, arrested, ...
    low        DOUBLE,
    best       DOUBLE,
    high       DOUBLE,
    about      VARCHAR,
    projection BOOLEAN NOT NULL
);
CREATE INDEX figures_article ON figures (article_id);

CREATE TABLE quotes (
    article_id    VARCHAR NOT NULL,
    idx           INTEGER NOT NULL,
    content_start INTEGER NOT NULL,
    content_end   INTEGER NOT NULL,
    cue_start     INTEGER,
    cue_end       INTEGER,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    speaker_text  VARCHAR,
    speaker       VARCHAR,
    speaker_role  VARCHAR,
    kind          VARCHAR NOT NULL,           -- direct, indirect, mixed
    resolved      BOOLEAN NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);

CREATE TABLE flags (
    article_id  VARCHAR NOT NULL,
    target_kind VARCHAR NOT NULL,             -- article, quote, event, ...
    target_id   VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    detail      VARCHAR,
    start       INTEGER,
    "end"       INTEGER
);
CREATE INDEX flags_article ON flags (article_id);

-- 0005: event mentions: one row per event a sentence reports, with its evidence spans.

CREATE TABLE event_mentions (
    article_id           VARCHAR NOT NULL,
    idx                  INTEGER NOT NULL,
    sentence_start       INTEGER NOT NULL,
    sentence_end         INTEGER NOT NULL,
    trigger_start        INTEGER NOT NULL,
    trigger_end          INTEGER NOT NULL,
    plover_type          VARCHAR NOT NULL,
    plover_mode          VARCHAR,
    acled_event_type     VARCHAR,
    acled_sub_event_type VARCHAR,
    actor                VARCHAR,
    target               VARCHAR,
    place_name           VARCHAR,
    place_lat            DOUBLE,
    place_lon            DOUBLE,
    place_precision      VARCHAR,
    place_geonameid      BIGINT,
    place_country        VARCHAR,
    date                 VARCHAR,             -- TIMEX3-style value
    date_granularity     VARCHAR,
    date_source          VARCHAR,             -- text or publication
    killed_low           DOUBLE,
    killed_best          DOUBLE,
    killed_high          DOUBLE,
    injured_low          DOUBLE,
    injured_best         DOUBLE,
    injured_high         DOUBLE,
    displaced_low        DOUBLE,
    displaced_best       DOUBLE,
    displaced_high       DOUBLE,
    status               VARCHAR NOT NULL,    -- happened, background, planned, threatened, ...
    quote_start          INTEGER,             -- content span of the quote it was said in
    quote_end            INTEGER,
    speaker              VARCHAR
);
CREATE INDEX event_mentions_article ON event_mentions (article_id);

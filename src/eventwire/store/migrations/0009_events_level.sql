-- 0009: the events level. Event mentions (0005) fused into real-world events by the fusion stage
-- (eventwire.fusion.run): one row per event, one row per member mention with the evidence it
-- carries, the ids that were merged away (aliases that still resolve), the blocking keys the
-- stage looks members up by, and its bookkeeping (each processed article's input hash).

CREATE TABLE events (
    event_id                 VARCHAR PRIMARY KEY,
    plover_type              VARCHAR NOT NULL,
    plover_type_agree        INTEGER NOT NULL,   -- member mentions of that type
    plover_mode              VARCHAR,
    plover_mode_agree        INTEGER,
    acled_event_type         VARCHAR,
    acled_event_type_agree   INTEGER,
    acled_sub_event_type     VARCHAR,
    acled_sub_event_type_agree INTEGER,
    actor                    VARCHAR,
    target                   VARCHAR,
    place_name               VARCHAR,
    geonameid                BIGINT,
    lat                      DOUBLE,
    lon                      DOUBLE,
    place_precision          VARCHAR,            -- point, district, admin1, country, region
    admin1                   VARCHAR,
    admin2                   VARCHAR,
    country_iso              VARCHAR,
    date_start               DATE,
    date_end                 DATE,
    date_precision           VARCHAR,            -- day, week, month, year
    date_source              VARCHAR,            -- text or publication
    status                   VARCHAR NOT NULL,   -- happened, claimed, planned, threatened, projected
    denied                   BOOLEAN NOT NULL,   -- a member reports a denial
    mentions                 INTEGER NOT NULL,
    articles                 INTEGER NOT NULL,
    outlets                  INTEGER NOT NULL,
    independent_sources      INTEGER NOT NULL,
    first_article_id         VARCHAR NOT NULL,
    first_outlet             VARCHAR,
    first_published          TIMESTAMP,
    story_id                 VARCHAR,
    killed_low               DOUBLE,
    killed_best              DOUBLE,
    killed_high              DOUBLE,
    injured_low              DOUBLE,
    injured_best             DOUBLE,
    injured_high             DOUBLE,
    displaced_low            DOUBLE,
    displaced_best           DOUBLE,
    displaced_high           DOUBLE,
    flags                    VARCHAR NOT NULL    -- '|'-joined: conflicting-figures...
);

CREATE TABLE event_members (
    event_id        VARCHAR NOT NULL,
    article_id      VARCHAR NOT NULL,
    mention_idx     INTEGER NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    trigger_start   INTEGER NOT NULL,
    trigger_end     INTEGER NOT NULL,
    outlet          VARCHAR,
    published       TIMESTAMP,
    copied          BOOLEAN NOT NULL,            -- the sentence has a donor
    donor_article_id VARCHAR,
    source_group    VARCHAR NOT NULL,            -- the independent source it counts for
    date_start      DATE,                        -- the mention's date, copies against the donor
    date_end        DATE,
    date_precision  VARCHAR,
    date_source     VARCHAR,
    status          VARCHAR NOT NULL,
    killed_best     DOUBLE,
    injured_best    DOUBLE,
    displaced_best  DOUBLE,
    speaker         VARCHAR
);
CREATE INDEX event_members_event ON event_members (event_id);
CREATE INDEX event_members_article ON event_members (article_id);

CREATE TABLE event_aliases (
    alias_id VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL
);

CREATE TABLE event_blocks (
    key        VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    mention_idx INTEGER NOT NULL
);
CREATE INDEX event_blocks_key ON event_blocks (key);
CREATE INDEX event_blocks_article ON event_blocks (article_id);

CREATE TABLE events_processed (
    article_id VARCHAR PRIMARY KEY,
    input_hash VARCHAR NOT NULL
);

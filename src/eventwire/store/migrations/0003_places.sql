-- 0003: place mentions, resolved against the gazetteer where the resolver is sure.

CREATE TABLE places (
    article_id VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    name       VARCHAR,                       -- gazetteer name; NULL when the resolver abstained
    lat        DOUBLE,
    lon        DOUBLE,
    geonameid  BIGINT,                        -- NULL for supplementary entries without one
    country    VARCHAR,                       -- ISO 3166-1 alpha-2
    admin1     VARCHAR,
    precision  VARCHAR,                       -- point, district, admin1, country, region
    confidence DOUBLE,
    modifier   VARCHAR                        -- "western", "50 km south of", "outskirts of"...
);
CREATE INDEX places_article ON places (article_id);

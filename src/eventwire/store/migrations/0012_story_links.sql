-- Stories across languages (stories/languages.py). The language-neutral terms of each article
-- the link step compares: gazetteer ids of the place names it writes, in any language
-- ('p:<geonameid>'), numbers ('n:<value>') and capitalised names ('w:<folded word>'), with the
-- hash of the text they were read from.
CREATE TABLE article_terms (
    article_id VARCHAR NOT NULL,
    term       VARCHAR NOT NULL
);
CREATE INDEX article_terms_term ON article_terms (term);
CREATE INDEX article_terms_article ON article_terms (article_id);
CREATE TABLE article_terms_read (
    article_id VARCHAR PRIMARY KEY,
    text_hash  VARCHAR NOT NULL
);
-- An article in a language the NLP stage does not parse, linked to the story of parsed
-- articles it shares most of its terms with: its score and the shared terms.
CREATE TABLE story_links (
    article_id VARCHAR PRIMARY KEY,
    story_id   VARCHAR NOT NULL,
    score      DOUBLE NOT NULL,
    shared     VARCHAR[] NOT NULL
);
CREATE INDEX story_links_story ON story_links (story_id);

-- The date of a mention in a copied sentence read again against its donor's publication time
-- (fusion/dating.py), kept so that a later fusion run need not parse the sentence again. A row
-- holds only while the mention's earliest donor is the same; the fusion stage deletes an
-- article's rows when it fuses the article again.
CREATE TABLE fusion_dates (
    article_id  VARCHAR NOT NULL,
    mention_idx INTEGER NOT NULL,
    donor_id    VARCHAR NOT NULL,
    value       VARCHAR,
    PRIMARY KEY (article_id, mention_idx)
);

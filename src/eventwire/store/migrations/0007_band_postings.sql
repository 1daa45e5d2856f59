-- 0007: the band keys of the sentence index kept as sorted runs ("segments") that a provenance
-- run reads in key order without sorting, in place of sentence_fingerprints (one row per band,
-- with two ART indexes held in memory). Segment 0 is the unsorted tail, written one article at a
-- time; the run sorts the tail into a new segment and merges segments of similar size (a
-- log-structured merge), so the keys of a store sit in a few segments whose sizes double.
-- ref = ingest_order * 2^20 + sentence_index. Written by eventwire.store.fingerprints.

CREATE TABLE band_postings (
    segment INTEGER NOT NULL,   -- 0: the tail; 1, 2...: sorted by (key, ref)
    key     BIGINT NOT NULL,    -- LSH band key
    ref     BIGINT NOT NULL     -- the sentence: ingest_order * 2^20 + sentence_index
);

INSERT INTO band_postings
SELECT 1, f.key, p.ingest_order * 1048576 + f.sentence_index
FROM sentence_fingerprints f JOIN provenance_articles p USING (article_id)
ORDER BY 2, 3;

DROP INDEX sentence_fingerprints_key;
DROP INDEX sentence_fingerprints_article;
DROP TABLE sentence_fingerprints;

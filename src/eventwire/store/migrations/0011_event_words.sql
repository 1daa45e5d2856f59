-- The words of each event's evidence sentences, lower-cased (runs of letters and digits): the
-- index behind the events' text query (store/events.py, WORDS_SQL). Filled here for the events
-- already stored; the fusion stage keeps it up to date.
CREATE TABLE event_words (
    word     VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL
);
INSERT INTO event_words
SELECT DISTINCT w.word, w.event_id
FROM (
    SELECT m.event_id,
           unnest(regexp_extract_all(
               lower(substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)),
               '[\pL\pN]+')) AS word
    FROM event_members m JOIN articles a ON a.id = m.article_id
) w;
CREATE INDEX event_words_word ON event_words (word);
CREATE INDEX event_words_event ON event_words (event_id);

-- The connected group of links each event was split from (fusion/split.py): a batch that
-- touches one event of a group recombines the whole group. An event with no row is its own group.
CREATE TABLE event_components (
    event_id  VARCHAR PRIMARY KEY,
    component VARCHAR NOT NULL
);
CREATE INDEX event_components_component ON event_components (component);

-- The fusion stage no longer records the connected group each event was split from: a split
-- group is recombined with its events' neighbours in the blocks (fusion/split.py).
DROP INDEX IF EXISTS event_components_component;
DROP TABLE IF EXISTS event_components;

-- An event without an id in its source keeps none (NULL): the importer tells such events apart by their content
-- (docs/data-model.md, "Events without an id"), which costs nothing at import, where computing an MD5 of every row
-- cost about a quarter of the time. Events imported before keep the ids derived from their content then; they are
-- still told apart by content when a file without ids is imported again.
ALTER TABLE events ALTER COLUMN id DROP NOT NULL;

-- Start-up at a million persons (issue 24).
-- name_index_snapshot: the in-process name index written out in parts, so that a server starts by reading
-- it and the name_index_log rows written since, not every person (unless KASANE_NAME_INDEX_SNAPSHOT
-- names a file or is off). It holds person ids, name keys and readings: personal data, protected as
-- the rest of the database.
CREATE TABLE name_index_snapshot (
    part INTEGER PRIMARY KEY,
    data BYTEA NOT NULL
);

-- A person deleted (records disposed of after their retention period) leaves a row in the log as a change
-- of the keys does, so that every server's index and the next snapshot drop them. Once per statement,
-- from its transition table, as the insert trigger (0013).
CREATE FUNCTION persons_name_index_log_deleted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO name_index_log (municipality_id, person_id, txid, created_at) SELECT municipality_id, id, pg_current_xact_id()::text::bigint, updated_at FROM old_persons; RETURN NULL; END $$;

CREATE TRIGGER persons_name_index_delete AFTER DELETE ON persons REFERENCING OLD TABLE AS old_persons FOR EACH STATEMENT EXECUTE FUNCTION persons_name_index_log_deleted();

-- Start-up at a million persons (issue 24).
-- name_index_snapshot: the in-process name index written out in parts, so that a server starts by reading
-- it and the name_index_log rows written since, not every person. SQLite keeps it here only with
-- KASANE_NAME_INDEX_SNAPSHOT=db (by default in a file beside the database, kasane.db-nameindex).
-- It holds person ids, name keys and readings: personal data, protected as the rest of the database.
CREATE TABLE name_index_snapshot (
    part INTEGER PRIMARY KEY,
    data BLOB NOT NULL
);

-- A person deleted (records disposed of after their retention period) leaves a row in the log as a change
-- of the keys does, so that every server's index and the next snapshot drop them.
CREATE TRIGGER persons_name_index_delete AFTER DELETE ON persons BEGIN INSERT INTO name_index_log (municipality_id, person_id, txid, created_at) VALUES (OLD.municipality_id, OLD.id, 0, OLD.updated_at); END;

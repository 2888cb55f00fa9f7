-- Candidate pairs of the last duplicate batch (kasane duplicates), the review list of the
-- duplicates page (名寄せ). Replaced whole by each batch; decisions stay in duplicate_decisions.
CREATE TABLE duplicate_candidates (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_a TEXT NOT NULL,
    person_b TEXT NOT NULL,
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL DEFAULT '',
    found_at TEXT NOT NULL,
    PRIMARY KEY (municipality_id, person_a, person_b)
);
CREATE INDEX duplicate_candidates_score ON duplicate_candidates(municipality_id, score);
CREATE INDEX duplicate_candidates_b ON duplicate_candidates(municipality_id, person_b);

-- name_index_log rows of an INSERT written once per statement from its transition table
-- (a COPY of a million persons fired the row trigger a million times); every write path
-- is still seen, and the rows are the same as before.
CREATE FUNCTION persons_name_index_log_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO name_index_log (municipality_id, person_id, txid, created_at) SELECT municipality_id, id, pg_current_xact_id()::text::bigint, updated_at FROM new_persons; RETURN NULL; END $$;
DROP TRIGGER persons_name_index_insert ON persons;
CREATE TRIGGER persons_name_index_insert AFTER INSERT ON persons REFERENCING NEW TABLE AS new_persons FOR EACH STATEMENT EXECUTE FUNCTION persons_name_index_log_rows();

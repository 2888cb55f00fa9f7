-- Name search and duplicate detection (名寄せ).
-- name_index_log: one row per change of a person's name keys, written by triggers so that
-- every write path is seen; servers keep their in-process name index in step by reading it.
CREATE TABLE name_index_log (
    seq INTEGER PRIMARY KEY,
    municipality_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    txid BIGINT NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX name_index_log_txid ON name_index_log(txid);

CREATE TRIGGER persons_name_index_insert AFTER INSERT ON persons BEGIN INSERT INTO name_index_log (municipality_id, person_id, txid, created_at) VALUES (NEW.municipality_id, NEW.id, 0, NEW.updated_at); END;

CREATE TRIGGER persons_name_index_update AFTER UPDATE OF name_key, kana_key, identified ON persons BEGIN INSERT INTO name_index_log (municipality_id, person_id, txid, created_at) VALUES (NEW.municipality_id, NEW.id, 0, NEW.updated_at); END;

-- Decisions on candidate pairs: same (名寄せ: linked as one person) or different (not the same).
-- A decision is revoked, never deleted; both steps are audited.
CREATE TABLE duplicate_decisions (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_a TEXT NOT NULL REFERENCES persons(id),
    person_b TEXT NOT NULL REFERENCES persons(id),
    decision TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL,
    decided_by_org_id TEXT NOT NULL,
    revoked_at TEXT NOT NULL DEFAULT '',
    revoked_by TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX duplicate_decisions_a ON duplicate_decisions(municipality_id, person_a);
CREATE INDEX duplicate_decisions_b ON duplicate_decisions(municipality_id, person_b);

-- blocking keys of the registration check
CREATE INDEX persons_birth_date ON persons(municipality_id, birth_date);
CREATE INDEX persons_phone ON persons(municipality_id, phone);

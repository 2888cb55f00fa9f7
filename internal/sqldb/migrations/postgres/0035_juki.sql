-- Issue 23: the 住基 link (resident register).
-- atena_no is the 宛名番号, the municipal system's own key of a resident (never the 個人番号 nor the
-- 住民票コード). One record of a municipality carries a given number: the record the 異動 file
-- (kasane juki apply) keeps current. resident_status is 住民 / 転出 / 死亡 as the register last said
-- ('' = not linked), resident_status_on the 異動日 of that change.
ALTER TABLE persons ADD COLUMN atena_no TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN resident_status TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN resident_status_on TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX persons_atena_no ON persons(municipality_id, atena_no) WHERE atena_no <> '';
CREATE INDEX persons_resident_gone ON persons(municipality_id, resident_status) WHERE resident_status IN ('転出', '死亡');

-- Former names (旧姓・旧氏名): kept when a name changes (氏名変更 of the 異動 file, an import by
-- 宛名番号), searchable by the name search through name_index_log.
CREATE TABLE person_former_names (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    family_name TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    family_kana TEXT NOT NULL DEFAULT '',
    given_kana TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL DEFAULT '',
    kana_key TEXT NOT NULL DEFAULT '',
    until_on TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX person_former_names_person ON person_former_names(person_id);
CREATE FUNCTION person_former_names_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO name_index_log (municipality_id, person_id, txid, created_at) VALUES (NEW.municipality_id, NEW.person_id, pg_current_xact_id()::text::bigint, NEW.created_at); RETURN NEW; END $$;
CREATE TRIGGER person_former_names_index AFTER INSERT ON person_former_names FOR EACH ROW EXECUTE FUNCTION person_former_names_log();
CREATE TRIGGER persons_maiden_name_index AFTER UPDATE OF maiden_name ON persons FOR EACH ROW EXECUTE FUNCTION persons_name_index_log();

-- The rows of 異動 files applied, by a hash of the row's content: applying a file again
-- changes nothing. person_id is the record the row changed ('' when no record carries the number).
CREATE TABLE juki_changes (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    row_hash TEXT NOT NULL,
    person_id TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    on_date TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL DEFAULT '',
    applied_at TEXT NOT NULL,
    PRIMARY KEY (municipality_id, row_hash)
);
CREATE INDEX juki_changes_person ON juki_changes(municipality_id, person_id);

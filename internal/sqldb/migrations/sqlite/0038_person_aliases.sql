-- Issue 23 (名寄せ across a change of surname): the other names of a person that duplicate
-- detection compares, with their readings. kind 旧姓 is a former surname (given_name '' = the
-- person's own given name), kind 通称 a whole name the person is known by (family_name holds it as
-- typed when given_name is ''). Rows of source '本人情報' mirror the person's 旧姓 and 通称 fields
-- (with the readings typed beside them) and are rewritten with them; other sources add their own.
-- name_key / kana_key are the keys of the whole name (japanese.NameKey / KanaKey; a 旧姓 with the
-- person's given name), the lookup of the check at registration; '' until computed (the rows of
-- persons registered before this migration: `kasane duplicates` computes them).
CREATE TABLE person_aliases (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    kind TEXT NOT NULL CHECK (kind IN ('旧姓', '通称')),
    family_name TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    family_kana TEXT NOT NULL DEFAULT '',
    given_kana TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL DEFAULT '',
    kana_key TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX person_aliases_person ON person_aliases(person_id);
CREATE INDEX person_aliases_name_key ON person_aliases(municipality_id, name_key);
CREATE INDEX person_aliases_kana_key ON person_aliases(municipality_id, kana_key);
INSERT INTO person_aliases (id, municipality_id, person_id, kind, family_name, source, created_at)
    SELECT 'pa-m-' || id, municipality_id, id, '旧姓', maiden_name, '本人情報', updated_at FROM persons WHERE maiden_name <> '';
INSERT INTO person_aliases (id, municipality_id, person_id, kind, family_name, source, created_at)
    SELECT 'pa-a-' || id, municipality_id, id, '通称', alias, '本人情報', updated_at FROM persons WHERE alias <> '';

-- Issue 18, the access model (DOMAIN.md rules 0, 2 and 6).
-- DV等支援措置 by designation: the organizations that see a protected person's address (the one that set the flag and
-- those it named). Rows are never deleted while the flag is on; clearing the flag keeps them as history.
CREATE TABLE dv_designations (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    designated_by TEXT NOT NULL,
    designated_by_org_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    UNIQUE (person_id, organization_id)
);
CREATE INDEX dv_designations_person ON dv_designations(person_id);
-- The persons already protected: the registering organization is designated (it set the flag or holds the record).
INSERT INTO dv_designations (id, municipality_id, person_id, organization_id, designated_by, designated_by_org_id, reason, at)
  SELECT 'dvd-' || id, municipality_id, id, registered_by_org_id, 'migration', registered_by_org_id, '既存の記録（登録機関）', updated_at
  FROM persons WHERE dv_protected = 1;

-- Statutory team memberships have an owner and an end: who confirmed the basis, the law and article (other_law),
-- the privacy officer's approval (other_law), and an end date (default six months).
ALTER TABLE case_team ADD COLUMN confirmed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE case_team ADD COLUMN law_text TEXT NOT NULL DEFAULT '';
ALTER TABLE case_team ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE case_team ADD COLUMN approved_at TEXT NOT NULL DEFAULT '';
UPDATE case_team SET to_on = to_char(to_date(from_on, 'YYYY-MM-DD') + interval '6 months', 'YYYY-MM-DD') WHERE basis = 'statutory' AND to_on = '';
-- 106条の6 is a meeting's basis, never a team membership: such memberships end now.
UPDATE case_team SET to_on = from_on WHERE basis = 'statutory' AND statute = 'art106_6';

-- 要保護児童対策地域協議会 (児童福祉法第25条の2): the cases registered with it, and its member organizations per fiscal year.
CREATE TABLE yotaikyo_cases (
    case_id TEXT PRIMARY KEY REFERENCES cases(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    registered_on TEXT NOT NULL,
    registered_by TEXT NOT NULL
);
CREATE TABLE yotaikyo_members (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    fiscal_year INTEGER NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    PRIMARY KEY (municipality_id, fiscal_year, organization_id)
);

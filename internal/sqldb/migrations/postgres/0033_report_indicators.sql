-- Issue 22: the annual report's indicator set of the 重層的支援体制整備事業
-- 実施計画 (社会福祉法第106条の5, 同法施行規則第34条の10; 実施計画策定
-- ガイドライン, 厚生労働省社会・援護局地域福祉課) and its per-100,000 figures.
-- report_settings keeps, per fiscal year, the municipal population the
-- figures per 10万人 are computed with (and the day it was counted, e.g.
-- the 住民基本台帳人口 of 4月1日); the targets stay in report_targets.
CREATE TABLE report_settings (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    fiscal_year INTEGER NOT NULL,
    population BIGINT NOT NULL DEFAULT 0,
    population_as_of TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (municipality_id, fiscal_year)
);

-- The receiving organization (受付機関) of a case, kept from intake so that
-- a later hand-over of the lead (主担当の引継ぎ) does not move the case in the
-- 受付機関 breakdown. Existing cases take the organization of their first
-- lead membership (the intake's 「主担当（受付機関）」 row, kept with its end
-- day after a hand-over), else their current lead.
ALTER TABLE cases ADD COLUMN intake_org_id TEXT NOT NULL DEFAULT '';
UPDATE cases SET intake_org_id = COALESCE((SELECT ct.organization_id FROM case_team ct
    WHERE ct.case_id = cases.id AND ct.basis = 'lead' ORDER BY ct.created_at, ct.from_on, ct.id LIMIT 1), lead_org_id);

-- Issue 23: retention and disposal (保存年限・廃棄). See internal/retention.
-- The retention of each record type in a municipality (years; 0 = 永年). A type without a row has the default
-- (retention.DefaultYears); the audit log's period stays in the municipal settings (audit_retention_years,
-- migration 0008) and has no row here.
CREATE TABLE retention_policies (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    record_type TEXT NOT NULL,
    years INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (municipality_id, record_type)
);

-- 廃棄の決定 and, once carried out, the 廃棄記録: never deleted, never anonymized (it names staff, not residents).
CREATE TABLE retention_decisions (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    record_type TEXT NOT NULL,
    status TEXT NOT NULL,
    years INTEGER NOT NULL,
    cutoff TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL DEFAULT 0,
    item_count INTEGER NOT NULL DEFAULT 0,
    fy_from INTEGER NOT NULL DEFAULT 0,
    fy_to INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    proposed_by TEXT NOT NULL,
    proposed_by_name TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    approved_by TEXT NOT NULL DEFAULT '',
    approved_by_name TEXT NOT NULL DEFAULT '',
    approved_at TEXT NOT NULL DEFAULT '',
    rejected_by TEXT NOT NULL DEFAULT '',
    rejected_by_name TEXT NOT NULL DEFAULT '',
    rejected_at TEXT NOT NULL DEFAULT '',
    reject_reason TEXT NOT NULL DEFAULT '',
    disposed_by TEXT NOT NULL DEFAULT '',
    disposed_by_name TEXT NOT NULL DEFAULT '',
    disposed_at TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL,
    disposed_count INTEGER NOT NULL DEFAULT 0,
    persons_anonymized INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX retention_decisions_muni ON retention_decisions(municipality_id, status, created_at);

-- The records a decision covers (ids only), with the day each ended and its fiscal year.
CREATE TABLE retention_decision_items (
    decision_id TEXT NOT NULL REFERENCES retention_decisions(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    record_id TEXT NOT NULL,
    end_on TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    PRIMARY KEY (decision_id, record_id)
);
CREATE INDEX retention_decision_items_record ON retention_decision_items(municipality_id, record_id);

-- Legal holds (訴訟・開示請求・監査): while one is in force (lifted_at = '') nothing of its person or case is disposed of.
CREATE TABLE legal_holds (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_by_name TEXT NOT NULL,
    set_at TEXT NOT NULL,
    lifted_by TEXT NOT NULL DEFAULT '',
    lifted_by_name TEXT NOT NULL DEFAULT '',
    lifted_at TEXT NOT NULL DEFAULT '',
    lift_reason TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX legal_holds_subject ON legal_holds(municipality_id, lifted_at, subject_id);

-- When a record was disposed of ('' = not disposed). A disposed case keeps the age band of its person at intake
-- (report breakdown by age), since the birth date is erased with the person.
ALTER TABLE cases ADD COLUMN disposed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN focus_age_band TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN disposed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN disposed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE outreach_targets ADD COLUMN disposed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN disposed_at TEXT NOT NULL DEFAULT '';

-- The retention scan reads the closed cases of a municipality by their closing day from the index alone, a consent's end by the consent
-- that replaced it; a disposal finds whether a person still has an outreach target.
CREATE INDEX cases_closed ON cases(municipality_id, status, closed_on, disposed_at, id, number, lead_org_id);
CREATE INDEX consents_supersedes ON consents(supersedes_id);
CREATE INDEX outreach_targets_person ON outreach_targets(person_id);

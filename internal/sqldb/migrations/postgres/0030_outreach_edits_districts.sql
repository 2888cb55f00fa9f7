-- Issue 22: outreach targets are edited and attempts corrected; each change
-- keeps the earlier values (who changed them and when), as the support
-- record's contact_history does.
CREATE TABLE outreach_target_history (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    target_id TEXT NOT NULL REFERENCES outreach_targets(id),
    version INTEGER NOT NULL,
    label TEXT NOT NULL,
    found_via TEXT NOT NULL,
    found_on TEXT NOT NULL,
    concern TEXT NOT NULL,
    district TEXT NOT NULL,
    edited_by TEXT NOT NULL,
    edited_at TEXT NOT NULL
);
CREATE INDEX outreach_target_history_target ON outreach_target_history(target_id);

CREATE TABLE outreach_attempt_history (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    attempt_id TEXT NOT NULL REFERENCES outreach_attempts(id),
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    method TEXT NOT NULL,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL,
    edited_by TEXT NOT NULL,
    edited_at TEXT NOT NULL
);
CREATE INDEX outreach_attempt_history_attempt ON outreach_attempt_history(attempt_id);

-- 地区 master list of a municipality: the names its resources, targets and
-- needs profiles choose from. name_key folds ケ/ヶ/が (桜ケ丘 = 桜ヶ丘 = 桜が丘)
-- and widths, so one 地区 is registered once.
CREATE TABLE districts (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX districts_key ON districts(municipality_id, name_key);

-- Reports: frozen report runs (snapshots, never updated) and targets (目標値).
CREATE TABLE report_snapshots (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    kind TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    params TEXT NOT NULL,
    body TEXT NOT NULL,
    digest TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX report_snapshots_year ON report_snapshots(municipality_id, kind, fiscal_year, created_at);

CREATE TABLE report_targets (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    fiscal_year INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    target BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (municipality_id, fiscal_year, indicator)
);

-- The annual report groups a year of contacts by month, 事業 and 分野: a
-- covering index lets it read the index alone.
CREATE INDEX contacts_report ON contacts(municipality_id, at, jigyo, bunya, minutes);

-- Ecomap ties recorded by a worker: an organization, a social resource or
-- an informal helper (free text) around a household or one of its members,
-- with the strength and direction of support. A tie for a counterpart that
-- is drawn anyway (a team organization, a place of participation) sets how
-- that line is drawn.
CREATE TABLE ecomap_ties (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    household_id TEXT NOT NULL REFERENCES households(id),
    person_id TEXT NOT NULL DEFAULT '',
    counterpart_kind TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',
    resource_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    strength TEXT NOT NULL,
    direction TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by_org_id TEXT NOT NULL REFERENCES organizations(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ecomap_ties_household ON ecomap_ties(household_id, created_at);

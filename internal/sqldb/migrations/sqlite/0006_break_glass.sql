-- Break-glass access (生命・身体の保護): a user outside the team opens a
-- person's records for a limited time, with a reason, flagged for review.
CREATE TABLE break_glass (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    until_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX break_glass_person ON break_glass(person_id, user_id, until_at);

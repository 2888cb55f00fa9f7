-- Issue 21: saved views of the case list (a name and the query string of the
-- filters), each user's own.
CREATE TABLE case_views (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_views_user ON case_views(municipality_id, user_id, name);

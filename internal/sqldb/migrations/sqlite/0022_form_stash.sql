-- Issue 21: what a user typed into a page form that was sent after the
-- session had ended, kept for the same user until they log in again (single
-- use, a few hours). The form values are sealed under the server's secret
-- key, bound to the user; token_hash is the hash of the random id the
-- browser holds in a cookie.
CREATE TABLE form_stashes (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    page TEXT NOT NULL,
    sealed TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX form_stashes_user ON form_stashes(user_id);

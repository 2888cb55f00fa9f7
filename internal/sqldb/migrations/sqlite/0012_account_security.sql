-- Account security: a temporary password set by an administrator must be
-- changed at the next login; a session remembers when its user last proved
-- the password again (re-authentication before sensitive admin actions).
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN reauth_at TEXT NOT NULL DEFAULT '';

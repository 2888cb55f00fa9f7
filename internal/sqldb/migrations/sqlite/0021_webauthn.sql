-- Issue 20: WebAuthn security keys (and platform authenticators) as a second
-- factor beside TOTP. Binary values are stored as unpadded base64url text.
CREATE TABLE webauthn_credentials (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    credential_id TEXT NOT NULL UNIQUE,
    public_key TEXT NOT NULL,
    attestation_type TEXT NOT NULL DEFAULT '',
    attestation_format TEXT NOT NULL DEFAULT '',
    aaguid TEXT NOT NULL DEFAULT '',
    flags INTEGER NOT NULL DEFAULT 0,
    sign_count BIGINT NOT NULL DEFAULT 0,
    transports TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials(user_id);

-- The challenge of a ceremony in progress, one per session, kept server-side
-- until it is answered or expires (a few minutes).
CREATE TABLE webauthn_challenges (
    session_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

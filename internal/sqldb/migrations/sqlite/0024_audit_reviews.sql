-- The privacy officer's 確認済み mark on a flagged audit event (break-glass
-- and other flagged access): who, when and a note. Audit events are never
-- edited (the hash chain); the mark lives here and the review itself is
-- written to the chain as a `review` event.
CREATE TABLE audit_reviews (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    event_id TEXT NOT NULL,
    reviewed_by TEXT NOT NULL REFERENCES users(id),
    reviewed_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (municipality_id, event_id)
);
CREATE INDEX audit_events_flagged ON audit_events(municipality_id, flagged, seq);

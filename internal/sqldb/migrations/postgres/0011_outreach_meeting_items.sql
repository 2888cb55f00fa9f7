-- Outreach targets on the agenda of a 支援会議 (社会福祉法第106条の6): the
-- only way a target without consent is shared with other organizations.
CREATE TABLE meeting_outreach_items (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    target_id TEXT NOT NULL REFERENCES outreach_targets(id),
    situation TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_outreach_items_meeting ON meeting_outreach_items(meeting_id);
CREATE INDEX meeting_outreach_items_target ON meeting_outreach_items(target_id);

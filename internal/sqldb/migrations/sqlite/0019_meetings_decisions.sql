-- Issue 19, meetings and decisions as the law has them.
-- A meeting is scheduled, then held or cancelled by its host; only a held meeting shares. Meetings already past are
-- taken as held (that is how they were shared until now); later ones stay scheduled.
ALTER TABLE meetings ADD COLUMN status TEXT NOT NULL DEFAULT 'scheduled';
ALTER TABLE meetings ADD COLUMN status_changed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN status_changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN minutes_confirmed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN minutes_confirmed_by TEXT NOT NULL DEFAULT '';
UPDATE meetings SET status = 'held', status_changed_at = strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'), status_changed_by = 'migration'
  WHERE scheduled_at <= strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now');

-- Attendance and the acknowledgement of the duty of confidentiality: who recorded it, when, and how (the attendee
-- itself, or the 事務局 from the signed 出席者名簿; 'legacy' for those ticked at registration before this migration).
ALTER TABLE meeting_attendees ADD COLUMN absent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meeting_attendees ADD COLUMN ack_at TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting_attendees ADD COLUMN ack_by TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting_attendees ADD COLUMN ack_method TEXT NOT NULL DEFAULT '';
UPDATE meeting_attendees SET ack_at = created_at, ack_method = 'legacy' WHERE confidentiality_ack = 1;

-- The plan revision a plan_review item discusses, and who left the room for which item.
ALTER TABLE meeting_items ADD COLUMN plan_id TEXT NOT NULL DEFAULT '';
CREATE TABLE meeting_item_absences (
    meeting_item_id TEXT NOT NULL REFERENCES meeting_items(id),
    attendee_id TEXT NOT NULL REFERENCES meeting_attendees(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    recorded_by TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (meeting_item_id, attendee_id)
);

-- Confirmed minutes change only by the host; each change keeps the text it replaced.
CREATE TABLE meeting_minutes_history (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    previous TEXT NOT NULL,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL
);
CREATE INDEX meeting_minutes_history_meeting ON meeting_minutes_history(meeting_id);

-- The 構成員 of the 支援会議 (社会福祉法第106条の6) per fiscal year, kept by the 事務局.
CREATE TABLE shien_kaigi_members (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    fiscal_year INTEGER NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (municipality_id, fiscal_year, organization_id)
);

-- 支援決定, 終結 and 中断 as events (who, when, which plan revision, which meeting): the annual report counts these,
-- so a past year's figures do not change when a case is reopened or decided again. bunya is the case's at the time.
CREATE TABLE case_events (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '',
    event_on TEXT NOT NULL,
    plan_id TEXT NOT NULL DEFAULT '',
    plan_revision INTEGER NOT NULL DEFAULT 0,
    meeting_id TEXT NOT NULL DEFAULT '',
    meeting_item_id TEXT NOT NULL DEFAULT '',
    closure_reason TEXT NOT NULL DEFAULT '',
    bunya TEXT NOT NULL DEFAULT '',
    user_id TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id);
CREATE INDEX case_events_day ON case_events(municipality_id, kind, event_on);
-- The decisions and closures recorded so far: every decided plan revision, a decision date without a decided plan,
-- and the closure or suspension of the cases closed or suspended now.
INSERT INTO case_events (id, municipality_id, case_id, kind, result, event_on, plan_id, plan_revision, bunya, user_id, at)
  SELECT 'ev-d-' || p.id, p.municipality_id, p.case_id, 'decision', '承認', p.decided_on, p.id, p.revision, c.bunya,
         p.decided_by_user_id, p.updated_at
  FROM plans p JOIN cases c ON c.id = p.case_id WHERE p.decided_on <> '';
INSERT INTO case_events (id, municipality_id, case_id, kind, result, event_on, bunya, user_id, at)
  SELECT 'ev-c-' || c.id, c.municipality_id, c.id, 'decision', '承認', c.decided_on, c.bunya, 'migration', c.updated_at
  FROM cases c WHERE c.decided_on <> '' AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.case_id = c.id AND p.decided_on = c.decided_on);
INSERT INTO case_events (id, municipality_id, case_id, kind, event_on, closure_reason, bunya, user_id, at)
  SELECT 'ev-x-' || c.id, c.municipality_id, c.id, 'closure', c.closed_on, c.closure_reason, c.bunya, 'migration', c.updated_at
  FROM cases c WHERE c.status = 'closed' AND c.closed_on <> '';

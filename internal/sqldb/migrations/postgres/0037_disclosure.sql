-- Issue 23: 開示請求 (個人情報保護法第76条) and 訂正請求・利用停止請求 (第90条・第98条).
-- A 開示請求 on file (request number, received date, requester) is what the privacy officer produces a person's
-- bundle against; each bundle is audited with the request number. Its 開示決定 (第82条) is recorded on it.
CREATE TABLE disclosure_requests (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    request_number TEXT NOT NULL,
    received_on TEXT NOT NULL,
    requester_name TEXT NOT NULL,
    requester_relation TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    decided_on TEXT NOT NULL DEFAULT '',
    decision_note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (municipality_id, request_number)
);
CREATE INDEX disclosure_requests_person ON disclosure_requests(person_id);
CREATE INDEX disclosure_requests_received ON disclosure_requests(municipality_id, received_on);

-- 訂正請求 (kind 'correction') and 利用停止請求 ('suspension') with their outcome: decision '' (not yet), 'grant',
-- 'partial' or 'refuse', the day and the reason. A decided 利用停止 warns on the person's and case pages.
CREATE TABLE rights_requests (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    kind TEXT NOT NULL,
    request_number TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    requester_name TEXT NOT NULL,
    requester_relation TEXT NOT NULL,
    content TEXT NOT NULL,
    decision TEXT NOT NULL DEFAULT '',
    decided_on TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX rights_requests_person ON rights_requests(person_id);
CREATE INDEX rights_requests_received ON rights_requests(municipality_id, received_on);

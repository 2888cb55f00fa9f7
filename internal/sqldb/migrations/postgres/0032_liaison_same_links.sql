-- Issue 22: 庁内つなぎ票 and registering a person another agency knows.
-- liaison_referrals: a section's (税・国保・水道 …) hand-over of a resident to a
-- 相談窓口. person_id is the section's own record of what it typed; case_id and
-- receiver_person_id the case the receiver opened on its OWN record (set on
-- acceptance; read by the receiver only). consent: 口頭 / 書面 / なし.
CREATE TABLE liaison_referrals (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    from_org_id TEXT NOT NULL REFERENCES organizations(id),
    to_org_id TEXT NOT NULL REFERENCES organizations(id),
    sent_by TEXT NOT NULL,
    concern TEXT NOT NULL,
    consent TEXT NOT NULL,
    referred_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    decline_reason TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    answered_at TEXT NOT NULL DEFAULT '',
    case_id TEXT NOT NULL DEFAULT '',
    receiver_person_id TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX liaison_referrals_from ON liaison_referrals(municipality_id, from_org_id, status);
CREATE INDEX liaison_referrals_to ON liaison_referrals(municipality_id, to_org_id, status);
CREATE INDEX liaison_referrals_person ON liaison_referrals(person_id);
-- Where a 名寄せ link came from: '' the duplicate queue, 'registration' an
-- organization registering its own record of a person another one knows,
-- 'liaison' a 相談窓口 accepting a つなぎ票. A link opens nothing (casework/samelink.go).
ALTER TABLE duplicate_decisions ADD COLUMN origin TEXT NOT NULL DEFAULT '';

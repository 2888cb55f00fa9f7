-- Issue 22: the items of the national 相談受付・申込票 (自立相談支援事業 A票/B票)
-- that kasane did not record, one row per case taken at intake (cases taken
-- before have none). consent_at_intake is 'yes', 'no' or '' (not recorded).
-- The B票 items are kept with the case, not the person: they are what was
-- told at this 申込 and are read under the case's consent categories.
CREATE TABLE case_intake (
    case_id TEXT PRIMARY KEY REFERENCES cases(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    received_time TEXT NOT NULL DEFAULT '',
    received_by_user_id TEXT NOT NULL DEFAULT '',
    visitor_name TEXT NOT NULL DEFAULT '',
    visitor_relation TEXT NOT NULL DEFAULT '',
    visitor_phone TEXT NOT NULL DEFAULT '',
    referring_org_id TEXT NOT NULL DEFAULT '',
    referring_org_name TEXT NOT NULL DEFAULT '',
    contact_method TEXT NOT NULL DEFAULT '',
    contact_hours TEXT NOT NULL DEFAULT '',
    keep_from_family INTEGER NOT NULL DEFAULT 0,
    urgency TEXT NOT NULL DEFAULT '',
    urgency_reason TEXT NOT NULL DEFAULT '',
    consent_at_intake TEXT NOT NULL DEFAULT '',
    employment_status TEXT NOT NULL DEFAULT '',
    housing_type TEXT NOT NULL DEFAULT '',
    health_insurance TEXT NOT NULL DEFAULT '',
    pension TEXT NOT NULL DEFAULT '',
    handbook_kind TEXT NOT NULL DEFAULT '',
    handbook_grade TEXT NOT NULL DEFAULT '',
    care_level TEXT NOT NULL DEFAULT '',
    public_assistance TEXT NOT NULL DEFAULT ''
);

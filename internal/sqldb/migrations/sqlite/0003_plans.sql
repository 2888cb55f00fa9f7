-- Assessments, plans, evaluations, meetings, resource gaps.
CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    revision INTEGER NOT NULL,
    assessed_on TEXT NOT NULL,
    household TEXT NOT NULL DEFAULT '',
    history TEXT NOT NULL DEFAULT '',
    health TEXT NOT NULL DEFAULT '',
    finances TEXT NOT NULL DEFAULT '',
    work TEXT NOT NULL DEFAULT '',
    housing TEXT NOT NULL DEFAULT '',
    relations TEXT NOT NULL DEFAULT '',
    children TEXT NOT NULL DEFAULT '',
    capacity TEXT NOT NULL DEFAULT '',
    issues TEXT NOT NULL DEFAULT '',
    strengths TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (case_id, revision)
);

CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    revision INTEGER NOT NULL,
    status TEXT NOT NULL,
    person_wish TEXT NOT NULL DEFAULT '',
    long_goal TEXT NOT NULL DEFAULT '',
    short_goals TEXT NOT NULL DEFAULT '',
    requested_programs TEXT NOT NULL DEFAULT '',
    next_review_on TEXT NOT NULL DEFAULT '',
    agreed_on TEXT NOT NULL DEFAULT '',
    agreed_by TEXT NOT NULL DEFAULT '',
    decided_on TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    decided_by_user_id TEXT NOT NULL DEFAULT '',
    supersedes_id TEXT NOT NULL DEFAULT '',
    ended_on TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (case_id, revision)
);
CREATE INDEX plans_review ON plans(municipality_id, status, next_review_on);

CREATE TABLE plan_items (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    plan_id TEXT NOT NULL REFERENCES plans(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    content TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    frequency TEXT NOT NULL DEFAULT '',
    from_on TEXT NOT NULL DEFAULT '',
    to_on TEXT NOT NULL DEFAULT '',
    person_part TEXT NOT NULL DEFAULT '',
    meeting_item_id TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_items_plan ON plan_items(plan_id);
CREATE INDEX plan_items_org ON plan_items(municipality_id, organization_id);

CREATE TABLE plan_evaluations (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    plan_id TEXT NOT NULL REFERENCES plans(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    evaluated_on TEXT NOT NULL,
    goals TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL,
    closure_reason TEXT NOT NULL DEFAULT '',
    meeting_id TEXT NOT NULL DEFAULT '',
    next_review_on TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_evaluations_plan ON plan_evaluations(plan_id);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    type TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    scheduled_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    host_org_id TEXT NOT NULL REFERENCES organizations(id),
    non_public INTEGER NOT NULL DEFAULT 0,
    minutes TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meetings_when ON meetings(municipality_id, scheduled_at);

CREATE TABLE meeting_attendees (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    seq INTEGER NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    user_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    member_or_guest TEXT NOT NULL DEFAULT 'member',
    confidentiality_ack INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees(meeting_id);
CREATE INDEX meeting_attendees_org ON meeting_attendees(organization_id);

CREATE TABLE meeting_items (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    basis TEXT NOT NULL,
    agenda TEXT NOT NULL,
    situation TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '',
    role_split TEXT NOT NULL DEFAULT '',
    lead_org_id TEXT NOT NULL DEFAULT '',
    key_person TEXT NOT NULL DEFAULT '',
    next_date TEXT NOT NULL DEFAULT '',
    closure_reason TEXT NOT NULL DEFAULT '',
    consent_id TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id);
CREATE INDEX meeting_items_case ON meeting_items(case_id);

CREATE TABLE resource_gaps (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    meeting_item_id TEXT NOT NULL REFERENCES meeting_items(id),
    description TEXT NOT NULL,
    raised_on TEXT NOT NULL,
    raised_by_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX resource_gaps_muni ON resource_gaps(municipality_id, raised_on);

-- Persons, households, cases, teams, consents, contacts, referrals, services.
CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    registered_by_org_id TEXT NOT NULL REFERENCES organizations(id),
    identified INTEGER NOT NULL DEFAULT 1,
    label TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    family_kana TEXT NOT NULL DEFAULT '',
    given_kana TEXT NOT NULL DEFAULT '',
    alias TEXT NOT NULL DEFAULT '',
    maiden_name TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    birth_precision TEXT NOT NULL DEFAULT 'unknown',
    sex TEXT NOT NULL DEFAULT 'unknown',
    reg_postal_code TEXT NOT NULL DEFAULT '',
    reg_prefecture TEXT NOT NULL DEFAULT '',
    reg_city TEXT NOT NULL DEFAULT '',
    reg_street TEXT NOT NULL DEFAULT '',
    act_postal_code TEXT NOT NULL DEFAULT '',
    act_prefecture TEXT NOT NULL DEFAULT '',
    act_city TEXT NOT NULL DEFAULT '',
    act_street TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    phone2 TEXT NOT NULL DEFAULT '',
    dv_protected INTEGER NOT NULL DEFAULT 0,
    deceased_on TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL DEFAULT '',
    kana_key TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX persons_name_key ON persons(municipality_id, name_key);
CREATE INDEX persons_kana_key ON persons(municipality_id, kana_key);

CREATE TABLE households (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    registered_by_org_id TEXT NOT NULL REFERENCES organizations(id),
    label TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE household_members (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    household_id TEXT NOT NULL REFERENCES households(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    relationship TEXT NOT NULL DEFAULT '',
    cohabiting INTEGER NOT NULL DEFAULT 1,
    roles TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (household_id, person_id)
);
CREATE INDEX household_members_person ON household_members(person_id);

CREATE TABLE person_relations (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    from_person_id TEXT NOT NULL REFERENCES persons(id),
    to_person_id TEXT NOT NULL REFERENCES persons(id),
    kind TEXT NOT NULL,
    quality TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX person_relations_from ON person_relations(from_person_id);
CREATE INDEX person_relations_to ON person_relations(to_person_id);

CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    number TEXT NOT NULL DEFAULT '',
    focus_person_id TEXT NOT NULL REFERENCES persons(id),
    household_id TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    route TEXT NOT NULL,
    method TEXT NOT NULL,
    bunya TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    primary_problem TEXT NOT NULL DEFAULT '',
    complaint TEXT NOT NULL DEFAULT '',
    screening TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    lead_org_id TEXT NOT NULL REFERENCES organizations(id),
    lead_worker_id TEXT NOT NULL DEFAULT '',
    decided_on TEXT NOT NULL DEFAULT '',
    closed_on TEXT NOT NULL DEFAULT '',
    closure_reason TEXT NOT NULL DEFAULT '',
    last_contact_at TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_focus ON cases(focus_person_id);
CREATE INDEX cases_lead ON cases(municipality_id, lead_org_id, status);
CREATE INDEX cases_received ON cases(municipality_id, received_on);

CREATE TABLE case_status_history (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    user_id TEXT NOT NULL
);
CREATE INDEX case_status_history_case ON case_status_history(case_id);

CREATE TABLE case_team (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    role TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL,
    statute TEXT NOT NULL DEFAULT '',
    consent_id TEXT NOT NULL DEFAULT '',
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX case_team_case ON case_team(case_id);
CREATE INDEX case_team_org ON case_team(organization_id);

CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    given_by TEXT NOT NULL,
    given_on TEXT NOT NULL,
    method TEXT NOT NULL,
    recipients TEXT NOT NULL DEFAULT '',
    data_categories TEXT NOT NULL DEFAULT '',
    purposes TEXT NOT NULL DEFAULT '',
    meeting_types TEXT NOT NULL DEFAULT '',
    valid_until TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT NOT NULL DEFAULT '',
    withdraw_reason TEXT NOT NULL DEFAULT '',
    supersedes_id TEXT NOT NULL DEFAULT '',
    recorded_by_org_id TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX consents_person ON consents(person_id);

CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    method TEXT NOT NULL,
    counterpart TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    minutes INTEGER NOT NULL DEFAULT 0,
    jigyo TEXT NOT NULL,
    bunya TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contacts_case ON contacts(case_id, at);
CREATE INDEX contacts_muni_at ON contacts(municipality_id, at);

CREATE TABLE contact_history (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    method TEXT NOT NULL,
    counterpart TEXT NOT NULL,
    content TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    edited_by TEXT NOT NULL,
    edited_at TEXT NOT NULL
);
CREATE INDEX contact_history_contact ON contact_history(contact_id);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    from_org_id TEXT NOT NULL REFERENCES organizations(id),
    to_org_id TEXT NOT NULL REFERENCES organizations(id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    due_on TEXT NOT NULL,
    decline_reason TEXT NOT NULL DEFAULT '',
    sent_by TEXT NOT NULL,
    answered_by TEXT NOT NULL DEFAULT '',
    answered_at TEXT NOT NULL DEFAULT '',
    completed_at TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX referrals_to ON referrals(to_org_id, status);
CREATE INDEX referrals_from ON referrals(from_org_id, status);
CREATE INDEX referrals_case ON referrals(case_id);

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    bunya TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL DEFAULT 'local',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE info_provisions (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    service_id TEXT NOT NULL REFERENCES services(id),
    provided_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX info_provisions_case ON info_provisions(case_id);

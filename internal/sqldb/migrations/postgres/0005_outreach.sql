-- Outreach (アウトリーチ), resources (社会資源), community (地域づくり) and participation support (参加支援).
CREATE TABLE outreach_targets (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    person_id TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    found_via TEXT NOT NULL,
    found_on TEXT NOT NULL,
    concern TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL,
    worker_id TEXT NOT NULL DEFAULT '',
    case_id TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX outreach_targets_org ON outreach_targets(municipality_id, org_id, stage);

CREATE TABLE outreach_attempts (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    target_id TEXT NOT NULL REFERENCES outreach_targets(id),
    at TEXT NOT NULL,
    method TEXT NOT NULL,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    contact_id TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX outreach_attempts_target ON outreach_attempts(target_id, at);

CREATE TABLE outreach_stage_history (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    target_id TEXT NOT NULL REFERENCES outreach_targets(id),
    from_stage TEXT NOT NULL DEFAULT '',
    to_stage TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX outreach_stage_history_target ON outreach_stage_history(target_id, at);

CREATE TABLE resources (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    registered_by_org_id TEXT NOT NULL REFERENCES organizations(id),
    host_org_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    operator TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    lat TEXT NOT NULL DEFAULT '',
    lng TEXT NOT NULL DEFAULT '',
    target_groups TEXT NOT NULL DEFAULT '',
    accepts_participants INTEGER NOT NULL DEFAULT 0,
    menus TEXT NOT NULL DEFAULT '',
    activities TEXT NOT NULL DEFAULT '',
    schedule TEXT NOT NULL DEFAULT '',
    days TEXT NOT NULL DEFAULT '',
    time_slots TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL DEFAULT 0,
    accessibility TEXT NOT NULL DEFAULT '',
    host_support_needs TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX resources_muni ON resources(municipality_id, district);

CREATE TABLE resource_sessions (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    resource_id TEXT NOT NULL REFERENCES resources(id),
    held_on TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '',
    total INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX resource_sessions_resource ON resource_sessions(resource_id, held_on);
CREATE INDEX resource_sessions_muni ON resource_sessions(municipality_id, held_on);

CREATE TABLE coordinators (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE platforms (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    registered_by_org_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    area TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE platform_members (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    name TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX platform_members_platform ON platform_members(platform_id);

CREATE TABLE platform_meetings (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    attendees INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '',
    gaps TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX platform_meetings_platform ON platform_meetings(platform_id, held_on);

CREATE TABLE needs_profiles (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL UNIQUE REFERENCES persons(id),
    interests TEXT NOT NULL DEFAULT '',
    days TEXT NOT NULL DEFAULT '',
    time_slots TEXT NOT NULL DEFAULT '',
    districts TEXT NOT NULL DEFAULT '',
    home_lat TEXT NOT NULL DEFAULT '',
    home_lng TEXT NOT NULL DEFAULT '',
    health_limits TEXT NOT NULL DEFAULT '',
    support_needed TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE participation_matches (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    resource_id TEXT NOT NULL REFERENCES resources(id),
    menu TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    proposed_on TEXT NOT NULL,
    trial_on TEXT NOT NULL DEFAULT '',
    placed_on TEXT NOT NULL DEFAULT '',
    ended_on TEXT NOT NULL DEFAULT '',
    end_reason TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX participation_matches_person ON participation_matches(person_id);
CREATE INDEX participation_matches_resource ON participation_matches(resource_id);

CREATE TABLE participation_logs (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    match_id TEXT NOT NULL REFERENCES participation_matches(id),
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    method TEXT NOT NULL,
    note TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX participation_logs_match ON participation_logs(match_id, at);

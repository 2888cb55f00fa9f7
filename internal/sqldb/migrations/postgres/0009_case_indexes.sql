-- Indexes for the visibility checks: cases of a household, team rows of an organization.
CREATE INDEX cases_household ON cases(household_id);
CREATE INDEX case_team_org_case ON case_team(organization_id, municipality_id, case_id);

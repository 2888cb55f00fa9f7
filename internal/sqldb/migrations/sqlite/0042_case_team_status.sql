-- Case list counts (issue 24): the case's status and lead organization copied into its team rows,
-- so the counts per status of the cases an organization leads read one range of one index
-- instead of every case row of the organization. Triggers keep the copies right whatever code
-- writes the team or the case (as 0014 does for the order).
ALTER TABLE case_team ADD COLUMN case_status TEXT NOT NULL DEFAULT '';
ALTER TABLE case_team ADD COLUMN case_lead_org_id TEXT NOT NULL DEFAULT '';
UPDATE case_team SET case_status = (SELECT c.status FROM cases c WHERE c.id = case_team.case_id), case_lead_org_id = (SELECT c.lead_org_id FROM cases c WHERE c.id = case_team.case_id);
CREATE INDEX case_team_org_status ON case_team(organization_id, municipality_id, case_lead_org_id, case_status, case_id);
CREATE TRIGGER case_team_status_insert AFTER INSERT ON case_team BEGIN UPDATE case_team SET case_status = (SELECT c.status FROM cases c WHERE c.id = NEW.case_id), case_lead_org_id = (SELECT c.lead_org_id FROM cases c WHERE c.id = NEW.case_id) WHERE id = NEW.id; END;
CREATE TRIGGER case_team_status_team AFTER UPDATE OF case_id ON case_team BEGIN UPDATE case_team SET case_status = (SELECT c.status FROM cases c WHERE c.id = NEW.case_id), case_lead_org_id = (SELECT c.lead_org_id FROM cases c WHERE c.id = NEW.case_id) WHERE id = NEW.id; END;
CREATE TRIGGER case_team_status_case AFTER UPDATE OF status, lead_org_id ON cases BEGIN UPDATE case_team SET case_status = NEW.status, case_lead_org_id = NEW.lead_org_id WHERE case_id = NEW.id; END;

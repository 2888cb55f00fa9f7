-- Case list order (issue 11): the case's received_on and created_at copied into its team rows,
-- so "the newest cases an organization is on" reads the first index entries instead of
-- sorting every case of the organization. Triggers keep the copies right whatever code
-- writes the team or the case.
ALTER TABLE case_team ADD COLUMN case_received_on TEXT NOT NULL DEFAULT '';
ALTER TABLE case_team ADD COLUMN case_created_at TEXT NOT NULL DEFAULT '';
UPDATE case_team SET case_received_on = (SELECT c.received_on FROM cases c WHERE c.id = case_team.case_id),
    case_created_at = (SELECT c.created_at FROM cases c WHERE c.id = case_team.case_id);
CREATE INDEX case_team_org_newest ON case_team(organization_id, municipality_id, case_received_on DESC, case_created_at DESC, case_id);
CREATE TRIGGER case_team_order_insert AFTER INSERT ON case_team BEGIN UPDATE case_team SET case_received_on = (SELECT c.received_on FROM cases c WHERE c.id = NEW.case_id), case_created_at = (SELECT c.created_at FROM cases c WHERE c.id = NEW.case_id) WHERE id = NEW.id; END;
CREATE TRIGGER case_team_order_case AFTER UPDATE OF received_on, created_at ON cases BEGIN UPDATE case_team SET case_received_on = NEW.received_on, case_created_at = NEW.created_at WHERE case_id = NEW.id; END;

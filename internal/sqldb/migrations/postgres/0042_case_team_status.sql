-- Case list counts (issue 24): the case's status and lead organization copied into its team rows,
-- so the counts per status of the cases an organization leads read one range of one index
-- instead of every case row of the organization. Triggers keep the copies right whatever code
-- writes the team or the case (as 0014 does for the order). A new team row locks its case row
-- (FOR UPDATE, as the counts of 0043 do) while it copies: a change of the case's status or lead in another transaction waits
-- for it, or it waits for that change and copies the new values (READ COMMITTED).
ALTER TABLE case_team ADD COLUMN case_status TEXT NOT NULL DEFAULT '';
ALTER TABLE case_team ADD COLUMN case_lead_org_id TEXT NOT NULL DEFAULT '';
UPDATE case_team SET case_status = c.status, case_lead_org_id = c.lead_org_id FROM cases c WHERE c.id = case_team.case_id;
CREATE INDEX case_team_org_status ON case_team(organization_id, municipality_id, case_lead_org_id, case_status, case_id);

CREATE FUNCTION case_team_status_fill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELECT c.status, c.lead_org_id INTO NEW.case_status, NEW.case_lead_org_id FROM cases c WHERE c.id = NEW.case_id FOR UPDATE; RETURN NEW; END $$;

CREATE TRIGGER case_team_status_insert BEFORE INSERT OR UPDATE OF case_id ON case_team FOR EACH ROW EXECUTE FUNCTION case_team_status_fill();

CREATE FUNCTION case_team_status_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE case_team SET case_status = NEW.status, case_lead_org_id = NEW.lead_org_id WHERE case_id = NEW.id; RETURN NEW; END $$;

CREATE TRIGGER case_team_status_case AFTER UPDATE OF status, lead_org_id ON cases FOR EACH ROW EXECUTE FUNCTION case_team_status_case();

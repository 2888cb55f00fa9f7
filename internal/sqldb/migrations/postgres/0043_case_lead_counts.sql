-- Case list counts (issue 24): the number of cases per municipality, lead organization and status
-- whose lead organization is on the team (has a team row), kept in step by triggers in the same
-- transaction as the write, whatever code writes. The case list counts the cases the actor's
-- organization leads from here (a few rows) instead of every team row of the organization.
-- A case counts once however many team rows its lead has. A row whose count reached 0 stays.
-- The triggers on team rows lock the case row first, so concurrent changes to one case's team
-- and status are counted one after the other (under READ COMMITTED each then sees the other).
CREATE TABLE case_lead_counts (
    municipality_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, organization_id, status)
);
INSERT INTO case_lead_counts (municipality_id, organization_id, status, n)
    SELECT c.municipality_id, c.lead_org_id, c.status, COUNT(*) FROM cases c
    WHERE EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.organization_id = c.lead_org_id) GROUP BY 1, 2, 3;

CREATE FUNCTION case_lead_counts_add(m TEXT, o TEXT, s TEXT, d INTEGER) RETURNS void LANGUAGE sql AS $$ INSERT INTO case_lead_counts (municipality_id, organization_id, status, n) VALUES (m, o, s, d) ON CONFLICT (municipality_id, organization_id, status) DO UPDATE SET n = case_lead_counts.n + d $$;

CREATE FUNCTION case_lead_counts_team() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE c RECORD; BEGIN IF TG_OP = 'UPDATE' AND OLD.case_id = NEW.case_id AND OLD.organization_id = NEW.organization_id THEN RETURN NULL; END IF; IF TG_OP IN ('DELETE', 'UPDATE') THEN SELECT municipality_id, lead_org_id, status INTO c FROM cases WHERE id = OLD.case_id FOR UPDATE; IF FOUND AND OLD.organization_id = c.lead_org_id AND NOT EXISTS (SELECT 1 FROM case_team WHERE case_id = OLD.case_id AND organization_id = OLD.organization_id) THEN PERFORM case_lead_counts_add(c.municipality_id, c.lead_org_id, c.status, -1); END IF; END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN SELECT municipality_id, lead_org_id, status INTO c FROM cases WHERE id = NEW.case_id FOR UPDATE; IF FOUND AND NEW.organization_id = c.lead_org_id AND (SELECT COUNT(*) FROM case_team WHERE case_id = NEW.case_id AND organization_id = NEW.organization_id) = 1 THEN PERFORM case_lead_counts_add(c.municipality_id, c.lead_org_id, c.status, 1); END IF; END IF; RETURN NULL; END $$;

CREATE TRIGGER case_lead_counts_team AFTER INSERT OR DELETE OR UPDATE OF case_id, organization_id ON case_team FOR EACH ROW EXECUTE FUNCTION case_lead_counts_team();

CREATE FUNCTION case_lead_counts_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' AND OLD.municipality_id = NEW.municipality_id AND OLD.status = NEW.status AND OLD.lead_org_id = NEW.lead_org_id THEN RETURN NULL; END IF; IF TG_OP IN ('DELETE', 'UPDATE') AND EXISTS (SELECT 1 FROM case_team WHERE case_id = OLD.id AND organization_id = OLD.lead_org_id) THEN PERFORM case_lead_counts_add(OLD.municipality_id, OLD.lead_org_id, OLD.status, -1); END IF; IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (SELECT 1 FROM case_team WHERE case_id = NEW.id AND organization_id = NEW.lead_org_id) THEN PERFORM case_lead_counts_add(NEW.municipality_id, NEW.lead_org_id, NEW.status, 1); END IF; RETURN NULL; END $$;

CREATE TRIGGER case_lead_counts_case AFTER INSERT OR DELETE OR UPDATE OF municipality_id, status, lead_org_id ON cases FOR EACH ROW EXECUTE FUNCTION case_lead_counts_case();

-- Drill-down of 支援経過記録 (issue 24): each contact carries its case's lead organization, so a
-- month's contacts of the cases an organization leads are one range of one index (counted from it
-- alone, the first rows read in order) instead of every contact of the month joined to its case.
-- Triggers keep the copy right whatever code writes the contacts or the case (as 0042 does for the
-- team rows); `kasane report verify` compares it with the cases. A contact written locks its case
-- row (FOR NO KEY UPDATE, the lock the presence triggers of 0041 take on the same row anyway) while
-- it copies: a change of the case's lead in another transaction waits for it, or it waits for that
-- change and copies the new lead (READ COMMITTED); the change of lead then updates the contacts in a
-- statement of its own, which sees every contact committed before it.
ALTER TABLE contacts ADD COLUMN lead_org_id TEXT NOT NULL DEFAULT '';
UPDATE contacts SET lead_org_id = c.lead_org_id FROM cases c WHERE c.id = contacts.case_id;
CREATE INDEX contacts_lead ON contacts(municipality_id, lead_org_id, at, id) INCLUDE (jigyo, bunya);

CREATE FUNCTION contacts_lead_fill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELECT c.lead_org_id INTO NEW.lead_org_id FROM cases c WHERE c.id = NEW.case_id FOR NO KEY UPDATE; RETURN NEW; END $$;

CREATE TRIGGER contacts_lead_fill BEFORE INSERT OR UPDATE OF case_id, lead_org_id ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_lead_fill();

CREATE FUNCTION contacts_lead_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE contacts SET lead_org_id = NEW.lead_org_id WHERE case_id = NEW.id AND lead_org_id <> NEW.lead_org_id; RETURN NEW; END $$;

CREATE TRIGGER contacts_lead_case AFTER UPDATE OF lead_org_id ON cases FOR EACH ROW WHEN (OLD.lead_org_id IS DISTINCT FROM NEW.lead_org_id) EXECUTE FUNCTION contacts_lead_case();

-- Drill-down of 支援経過記録 (issue 24): each contact carries its case's lead organization, so a
-- month's contacts of the cases an organization leads are one range of one index (counted from it
-- alone, the first rows read in order) instead of every contact of the month joined to its case.
-- Triggers keep the copy right whatever code writes the contacts or the case (as 0042 does for the
-- team rows); `kasane report verify` compares it with the cases.
ALTER TABLE contacts ADD COLUMN lead_org_id TEXT NOT NULL DEFAULT '';
UPDATE contacts SET lead_org_id = (SELECT c.lead_org_id FROM cases c WHERE c.id = contacts.case_id);
CREATE INDEX contacts_lead ON contacts(municipality_id, lead_org_id, at, id, jigyo, bunya);
CREATE TRIGGER contacts_lead_insert AFTER INSERT ON contacts BEGIN UPDATE contacts SET lead_org_id = (SELECT c.lead_org_id FROM cases c WHERE c.id = NEW.case_id) WHERE id = NEW.id; END;
CREATE TRIGGER contacts_lead_moved AFTER UPDATE OF case_id ON contacts BEGIN UPDATE contacts SET lead_org_id = (SELECT c.lead_org_id FROM cases c WHERE c.id = NEW.case_id) WHERE id = NEW.id; END;
CREATE TRIGGER contacts_lead_case AFTER UPDATE OF lead_org_id ON cases WHEN OLD.lead_org_id IS NOT NEW.lead_org_id BEGIN UPDATE contacts SET lead_org_id = NEW.lead_org_id WHERE case_id = NEW.id; END;

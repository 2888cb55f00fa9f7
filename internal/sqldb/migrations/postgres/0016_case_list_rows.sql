-- Case list rows (issue 11): the focus person's name fields copied onto the case row, so the case
-- list and the case page show the name without reading the persons table. The display rule stays
-- in casework.Person.DisplayName; triggers keep the copies right whatever code writes the person
-- or the case.
ALTER TABLE cases ADD COLUMN focus_family_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN focus_given_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN focus_label TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN focus_identified INTEGER NOT NULL DEFAULT 1;
UPDATE cases SET focus_family_name = p.family_name, focus_given_name = p.given_name, focus_label = p.label, focus_identified = p.identified FROM persons p WHERE p.id = cases.focus_person_id;

CREATE FUNCTION cases_focus_name_fill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELECT p.family_name, p.given_name, p.label, p.identified INTO NEW.focus_family_name, NEW.focus_given_name, NEW.focus_label, NEW.focus_identified FROM persons p WHERE p.id = NEW.focus_person_id; RETURN NEW; END $$;

CREATE TRIGGER cases_focus_name_insert BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION cases_focus_name_fill();

CREATE TRIGGER cases_focus_name_case BEFORE UPDATE OF focus_person_id ON cases FOR EACH ROW EXECUTE FUNCTION cases_focus_name_fill();

CREATE FUNCTION cases_focus_name_person() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE cases SET focus_family_name = NEW.family_name, focus_given_name = NEW.given_name, focus_label = NEW.label, focus_identified = NEW.identified WHERE focus_person_id = NEW.id; RETURN NEW; END $$;

CREATE TRIGGER cases_focus_name_person AFTER UPDATE OF family_name, given_name, label, identified ON persons FOR EACH ROW EXECUTE FUNCTION cases_focus_name_person();

-- the team facts of listed cases read from this index alone, without the team rows
CREATE INDEX case_team_case_facts ON case_team(case_id, from_on, created_at, id, organization_id, role, basis, statute, consent_id, to_on, version);
DROP INDEX case_team_case;

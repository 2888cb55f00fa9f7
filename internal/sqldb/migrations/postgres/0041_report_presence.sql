-- Report presence (issue 24): the annual report's 実人数 and 世帯数 of the support record (支援経過記録)
-- without reading the year's contacts. One row per case and fiscal year (April–March, Japan time)
-- in which the case has contacts: the case's 本人 and household (copied from the case, kept in step
-- by the trigger on cases) and, for each 事業 and 分野 of its contacts, the fiscal months with one
-- (`jigyo/bunya/mask`, bit 0 = April, joined by ';' in byte order). A contact write recomputes its
-- cases' rows of the year from those cases' contacts (index contacts_case), in the same transaction;
-- a row with no contacts left is deleted. Recomputing is not additive, so a writer of one case's
-- rows first locks the case row (FOR NO KEY UPDATE, in id order; an UPDATE of the case holds that
-- lock already): the recomputation, a statement after the lock, then sees every contact and case
-- change committed before it (READ COMMITTED). The same lock as any change of the case, so no
-- second lock order arises between contact writes and case updates.
-- `kasane report verify` compares the table with the same computation over all contacts and
-- `kasane report rebuild` recomputes it.
CREATE TABLE report_case_presence (
    municipality_id TEXT NOT NULL,
    fy INTEGER NOT NULL,
    case_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    marks TEXT NOT NULL,
    PRIMARY KEY (municipality_id, fy, case_id)
);
CREATE INDEX report_case_presence_case ON report_case_presence(case_id, fy);
CREATE FUNCTION report_fy(at TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$ SELECT substr(report_month(at), 1, 4)::int - (substr(report_month(at), 6, 2)::int < 4)::int $$;
CREATE FUNCTION report_presence_lock(ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1 FROM cases WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE; END $$;
CREATE FUNCTION report_presence_refresh(ids TEXT[], fys INTEGER[]) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM report_presence_lock(ids); DELETE FROM report_case_presence p USING unnest(ids, fys) AS x(case_id, fy) WHERE p.case_id = x.case_id AND p.fy = x.fy; INSERT INTO report_case_presence (municipality_id, fy, case_id, person_id, household_id, marks) SELECT g.municipality_id, g.fy, g.case_id, k.focus_person_id, k.household_id, g.marks FROM ( SELECT municipality_id, fy, case_id, string_agg(mark, ';' ORDER BY mark COLLATE "C") AS marks FROM ( SELECT c.municipality_id, x.fy, c.case_id, c.jigyo || '/' || c.bunya || '/' || bit_or(1 << ((substr(report_month(c.at), 6, 2)::int + 8) % 12))::text AS mark FROM (SELECT DISTINCT u.case_id, u.fy FROM unnest(ids, fys) AS u(case_id, fy)) x JOIN contacts c ON c.case_id = x.case_id AND c.at >= lpad(x.fy::text, 4, '0') || '-03-31T15:00:00' AND c.at < lpad((x.fy + 1)::text, 4, '0') || '-03-31T15:00:00' GROUP BY c.municipality_id, x.fy, c.case_id, c.jigyo, c.bunya) m GROUP BY municipality_id, fy, case_id) g JOIN cases k ON k.id = g.case_id; END $$;
CREATE FUNCTION report_presence_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM report_presence_refresh(array_agg(case_id), array_agg(report_fy(at))) FROM new_contacts; RETURN NULL; END $$;
CREATE FUNCTION report_presence_sub() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM report_presence_refresh(array_agg(case_id), array_agg(report_fy(at))) FROM old_contacts; RETURN NULL; END $$;
CREATE FUNCTION report_presence_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM report_presence_refresh(array_agg(case_id), array_agg(fy)) FROM ( SELECT o.case_id, report_fy(o.at) AS fy FROM old_contacts o JOIN new_contacts n ON n.id = o.id WHERE (n.municipality_id, n.case_id, n.at, n.jigyo, n.bunya) IS DISTINCT FROM (o.municipality_id, o.case_id, o.at, o.jigyo, o.bunya) UNION SELECT n.case_id, report_fy(n.at) FROM old_contacts o JOIN new_contacts n ON n.id = o.id WHERE (n.municipality_id, n.case_id, n.at, n.jigyo, n.bunya) IS DISTINCT FROM (o.municipality_id, o.case_id, o.at, o.jigyo, o.bunya)) x; RETURN NULL; END $$;
CREATE TRIGGER contacts_presence_insert AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_contacts FOR EACH STATEMENT EXECUTE FUNCTION report_presence_add();
CREATE TRIGGER contacts_presence_delete AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_contacts FOR EACH STATEMENT EXECUTE FUNCTION report_presence_sub();
CREATE TRIGGER contacts_presence_update AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_contacts NEW TABLE AS new_contacts FOR EACH STATEMENT EXECUTE FUNCTION report_presence_move();
CREATE FUNCTION report_presence_case() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE ids TEXT[]; BEGIN SELECT array_agg(n.id) INTO ids FROM new_cases n JOIN old_cases o ON o.id = n.id WHERE n.focus_person_id <> o.focus_person_id OR n.household_id <> o.household_id; IF ids IS NOT NULL THEN PERFORM report_presence_lock(ids); UPDATE report_case_presence p SET person_id = k.focus_person_id, household_id = k.household_id FROM cases k WHERE k.id = ANY(ids) AND p.case_id = k.id; END IF; RETURN NULL; END $$;
CREATE TRIGGER cases_presence_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION report_presence_case();
CREATE FUNCTION report_presence_case_gone() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM report_case_presence p USING old_cases o WHERE p.case_id = o.id; RETURN NULL; END $$;
CREATE TRIGGER cases_presence_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION report_presence_case_gone();
INSERT INTO report_case_presence (municipality_id, fy, case_id, person_id, household_id, marks)
    SELECT g.municipality_id, g.fy, g.case_id, k.focus_person_id, k.household_id, g.marks FROM (
    SELECT municipality_id, fy, case_id, string_agg(mark, ';' ORDER BY mark COLLATE "C") AS marks FROM (
    SELECT municipality_id, report_fy(at) AS fy, case_id, jigyo || '/' || bunya || '/' || bit_or(1 << ((substr(report_month(at), 6, 2)::int + 8) % 12))::text AS mark
    FROM contacts GROUP BY 1, 2, 3, jigyo, bunya) m GROUP BY 1, 2, 3) g JOIN cases k ON k.id = g.case_id;

-- The focus person's sex and birth date copied onto the case row beside the name (migration 0016),
-- so the report's breakdowns by sex and age band read the cases alone; the same triggers keep them.
-- The person row is read FOR SHARE, so a change of the person committing meanwhile is waited for
-- and its trigger then sees the new case.
ALTER TABLE cases ADD COLUMN focus_sex TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN focus_birth_date TEXT NOT NULL DEFAULT '';
UPDATE cases SET focus_sex = p.sex, focus_birth_date = p.birth_date FROM persons p WHERE p.id = cases.focus_person_id;
CREATE OR REPLACE FUNCTION cases_focus_name_fill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELECT p.family_name, p.given_name, p.label, p.identified, p.sex, p.birth_date INTO NEW.focus_family_name, NEW.focus_given_name, NEW.focus_label, NEW.focus_identified, NEW.focus_sex, NEW.focus_birth_date FROM persons p WHERE p.id = NEW.focus_person_id FOR SHARE; RETURN NEW; END $$;
CREATE OR REPLACE FUNCTION cases_focus_name_person() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE cases SET focus_family_name = NEW.family_name, focus_given_name = NEW.given_name, focus_label = NEW.label, focus_identified = NEW.identified, focus_sex = NEW.sex, focus_birth_date = NEW.birth_date WHERE focus_person_id = NEW.id; RETURN NEW; END $$;
DROP TRIGGER cases_focus_name_person ON persons;
CREATE TRIGGER cases_focus_name_person AFTER UPDATE OF family_name, given_name, label, identified, sex, birth_date ON persons FOR EACH ROW EXECUTE FUNCTION cases_focus_name_person();
-- the year's cases for the report (new consultations and their breakdowns) read from this index alone
CREATE INDEX cases_report ON cases(municipality_id, received_on) INCLUDE (focus_person_id, household_id, bunya, route, method, primary_problem, screening, intake_org_id, lead_org_id, focus_age_band, focus_sex, focus_birth_date);

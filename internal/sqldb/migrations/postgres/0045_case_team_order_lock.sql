-- The case list's order copies of 0014 made as safe as 0042's: a new team row locks its case row
-- (FOR UPDATE, the lock 0042's copy takes on the same row in the same statement) while it copies
-- the case's received_on and created_at, so a correction of those in another transaction waits for
-- it, or it waits for the correction and copies the new values (READ COMMITTED). Before, a team row
-- inserted while the case's 受付日 was corrected could keep the old date and sort the case in the
-- wrong place of the list. A team row moved to another case copies that case's (as 0042 does).
CREATE OR REPLACE FUNCTION case_team_order_fill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELECT c.received_on, c.created_at INTO NEW.case_received_on, NEW.case_created_at FROM cases c WHERE c.id = NEW.case_id FOR UPDATE; RETURN NEW; END $$;

DROP TRIGGER case_team_order_insert ON case_team;

CREATE TRIGGER case_team_order_insert BEFORE INSERT OR UPDATE OF case_id ON case_team FOR EACH ROW EXECUTE FUNCTION case_team_order_fill();

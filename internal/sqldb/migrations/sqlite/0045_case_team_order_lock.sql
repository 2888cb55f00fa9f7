-- The case list's order copies of 0014 follow a team row moved to another case, as 0042's copies do
-- (SQLite has one writer, so the race 0045 closes on PostgreSQL does not arise here).
CREATE TRIGGER case_team_order_team AFTER UPDATE OF case_id ON case_team BEGIN UPDATE case_team SET case_received_on = (SELECT c.received_on FROM cases c WHERE c.id = NEW.case_id), case_created_at = (SELECT c.created_at FROM cases c WHERE c.id = NEW.case_id) WHERE id = NEW.id; END;

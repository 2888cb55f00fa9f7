-- Report counters (issue 24): the annual report's contact counts kept in step with the contacts
-- they count, by triggers in the same transaction as the write, whatever code writes (pages, API,
-- import, disposal). One row per municipality, month of Japan time (JST, no daylight saving),
-- 事業 and 分野. `kasane report verify` compares them with a plain GROUP BY over contacts and
-- `kasane report rebuild` recomputes them; a row whose count reached 0 stays and counts nothing.
-- Statement triggers with transition tables: a COPY of a million contacts updates each counter
-- row once, not once per contact.
CREATE TABLE report_contact_counts (
    municipality_id TEXT NOT NULL,
    month TEXT NOT NULL,
    jigyo TEXT NOT NULL,
    bunya TEXT NOT NULL,
    n BIGINT NOT NULL,
    minutes BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, month, jigyo, bunya)
);
CREATE FUNCTION report_month(at TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(substr(at, 1, 19)::timestamp + interval '9 hours', 'YYYY-MM') $$;
INSERT INTO report_contact_counts (municipality_id, month, jigyo, bunya, n, minutes)
    SELECT municipality_id, report_month(at), jigyo, bunya, COUNT(*), SUM(minutes)
    FROM contacts GROUP BY 1, 2, 3, 4;
CREATE FUNCTION report_contact_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO report_contact_counts (municipality_id, month, jigyo, bunya, n, minutes)
    SELECT municipality_id, report_month(at), jigyo, bunya, COUNT(*), SUM(minutes) FROM new_contacts GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (municipality_id, month, jigyo, bunya) DO UPDATE SET n = report_contact_counts.n + excluded.n, minutes = report_contact_counts.minutes + excluded.minutes; RETURN NULL; END $$;
CREATE FUNCTION report_contact_counts_sub() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE report_contact_counts c SET n = c.n - d.n, minutes = c.minutes - d.minutes
    FROM (SELECT municipality_id, report_month(at) AS month, jigyo, bunya, COUNT(*) AS n, SUM(minutes) AS minutes FROM old_contacts GROUP BY 1, 2, 3, 4) d
    WHERE c.municipality_id = d.municipality_id AND c.month = d.month AND c.jigyo = d.jigyo AND c.bunya = d.bunya; RETURN NULL; END $$;
CREATE FUNCTION report_contact_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE report_contact_counts c SET n = c.n - d.n, minutes = c.minutes - d.minutes
    FROM (SELECT municipality_id, report_month(at) AS month, jigyo, bunya, COUNT(*) AS n, SUM(minutes) AS minutes FROM old_contacts GROUP BY 1, 2, 3, 4) d
    WHERE c.municipality_id = d.municipality_id AND c.month = d.month AND c.jigyo = d.jigyo AND c.bunya = d.bunya; INSERT INTO report_contact_counts (municipality_id, month, jigyo, bunya, n, minutes)
    SELECT municipality_id, report_month(at), jigyo, bunya, COUNT(*), SUM(minutes) FROM new_contacts GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (municipality_id, month, jigyo, bunya) DO UPDATE SET n = report_contact_counts.n + excluded.n, minutes = report_contact_counts.minutes + excluded.minutes; RETURN NULL; END $$;
CREATE TRIGGER contacts_count_insert AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_contacts FOR EACH STATEMENT EXECUTE FUNCTION report_contact_counts_add();
CREATE TRIGGER contacts_count_delete AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_contacts FOR EACH STATEMENT EXECUTE FUNCTION report_contact_counts_sub();
CREATE TRIGGER contacts_count_update AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_contacts NEW TABLE AS new_contacts FOR EACH STATEMENT EXECUTE FUNCTION report_contact_counts_move();

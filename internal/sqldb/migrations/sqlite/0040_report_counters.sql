-- Report counters (issue 24): the annual report's contact counts kept in step with the contacts
-- they count, by triggers in the same transaction as the write, whatever code writes (pages, API,
-- import, disposal). One row per municipality, month of Japan time (JST, no daylight saving),
-- 事業 and 分野. `kasane report verify` compares them with a plain GROUP BY over contacts and
-- `kasane report rebuild` recomputes them; a row whose count reached 0 stays and counts nothing.
CREATE TABLE report_contact_counts (
    municipality_id TEXT NOT NULL,
    month TEXT NOT NULL,
    jigyo TEXT NOT NULL,
    bunya TEXT NOT NULL,
    n INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, month, jigyo, bunya)
);
INSERT INTO report_contact_counts (municipality_id, month, jigyo, bunya, n, minutes)
    SELECT municipality_id, strftime('%Y-%m', substr(at, 1, 19), '+9 hours'), jigyo, bunya, COUNT(*), SUM(minutes)
    FROM contacts GROUP BY 1, 2, 3, 4;
CREATE TRIGGER contacts_count_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO report_contact_counts (municipality_id, month, jigyo, bunya, n, minutes)
    VALUES (NEW.municipality_id, strftime('%Y-%m', substr(NEW.at, 1, 19), '+9 hours'), NEW.jigyo, NEW.bunya, 1, NEW.minutes)
    ON CONFLICT (municipality_id, month, jigyo, bunya) DO UPDATE SET n = n + 1, minutes = minutes + excluded.minutes; END;
CREATE TRIGGER contacts_count_delete AFTER DELETE ON contacts BEGIN
    UPDATE report_contact_counts SET n = n - 1, minutes = minutes - OLD.minutes
    WHERE municipality_id = OLD.municipality_id AND month = strftime('%Y-%m', substr(OLD.at, 1, 19), '+9 hours') AND jigyo = OLD.jigyo AND bunya = OLD.bunya; END;
CREATE TRIGGER contacts_count_update AFTER UPDATE OF municipality_id, at, jigyo, bunya, minutes ON contacts BEGIN
    UPDATE report_contact_counts SET n = n - 1, minutes = minutes - OLD.minutes
    WHERE municipality_id = OLD.municipality_id AND month = strftime('%Y-%m', substr(OLD.at, 1, 19), '+9 hours') AND jigyo = OLD.jigyo AND bunya = OLD.bunya; INSERT INTO report_contact_counts (municipality_id, month, jigyo, bunya, n, minutes)
    VALUES (NEW.municipality_id, strftime('%Y-%m', substr(NEW.at, 1, 19), '+9 hours'), NEW.jigyo, NEW.bunya, 1, NEW.minutes)
    ON CONFLICT (municipality_id, month, jigyo, bunya) DO UPDATE SET n = n + 1, minutes = minutes + excluded.minutes; END;

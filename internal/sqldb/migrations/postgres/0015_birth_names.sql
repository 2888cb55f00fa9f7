-- The lookup by birth date of the registration check (most of its candidates) reads the names it
-- compares first from this index alone, and the table rows only of those whose names may match.
-- It replaces the narrower persons_birth_date, which served only that lookup.
CREATE INDEX persons_birth_names ON persons(municipality_id, birth_date) INCLUDE (family_name, given_name, family_kana, given_kana, identified, id);
DROP INDEX persons_birth_date;

-- The identified persons registered with the year (or year and month) of birth alone, with every
-- column the registration check compares: its lookup by year (the largest share of its candidates)
-- reads them from this small index alone instead of one table row each.
CREATE INDEX persons_birth_partial ON persons(municipality_id, birth_date) INCLUDE (id, family_name, given_name, family_kana, given_kana, sex, reg_postal_code, reg_prefecture, reg_city, reg_street, phone) WHERE identified = 1 AND length(birth_date) < 10;

-- Candidate pairs of the last duplicate batch (kasane duplicates), the review list of the
-- duplicates page (名寄せ). Replaced whole by each batch; decisions stay in duplicate_decisions.
CREATE TABLE duplicate_candidates (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    person_a TEXT NOT NULL,
    person_b TEXT NOT NULL,
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL DEFAULT '',
    found_at TEXT NOT NULL,
    PRIMARY KEY (municipality_id, person_a, person_b)
);
CREATE INDEX duplicate_candidates_score ON duplicate_candidates(municipality_id, score);
CREATE INDEX duplicate_candidates_b ON duplicate_candidates(municipality_id, person_b);

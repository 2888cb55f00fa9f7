-- The audit journal of reads (SQLite, audit_journal.go): for each journal file (queue_id) and municipality, how far
-- its events have been appended to the chain, written in the same transaction as the events, so that a crash
-- between appending and clearing the journal never appends an event twice. The row with municipality_id '' says
-- the journal file belongs to this database. Unused on PostgreSQL, where the events of reads go to the chain
-- directly.
CREATE TABLE audit_journal_merged (queue_id TEXT NOT NULL, municipality_id TEXT NOT NULL, seq BIGINT NOT NULL,
  PRIMARY KEY (queue_id, municipality_id));

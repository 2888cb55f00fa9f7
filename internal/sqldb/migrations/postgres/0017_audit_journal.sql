-- The audit journal of reads (SQLite, audit_journal.go): how far the events of each journal file have
-- been appended to the chain, written in the same transaction as the events, so that a crash between
-- appending and clearing the journal never appends an event twice. Unused on PostgreSQL, where the
-- events of reads go to the chain directly.
CREATE TABLE audit_journal_merged (queue_id TEXT PRIMARY KEY, seq BIGINT NOT NULL);

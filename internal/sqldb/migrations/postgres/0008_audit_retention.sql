-- Audit retention: events older than the municipality's retention are
-- purged; the head keeps where the remaining chain starts.
ALTER TABLE audit_heads ADD COLUMN base_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_heads ADD COLUMN base_hash TEXT NOT NULL DEFAULT '';

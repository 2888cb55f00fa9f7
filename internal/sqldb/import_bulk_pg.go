package sqldb

import (
	"context"
)

// ImportOptions change how ImportPersonsWith writes.
type ImportOptions struct {
	// Exclusive (PostgreSQL; SQLite ignores it, its bulk mode blocks no
	// reader): the rows are copied into a temporary table while the file
	// is read, validated and compared (nothing is locked then); at the end
	// persons is locked ACCESS EXCLUSIVE, its secondary indexes dropped,
	// the rows inserted in one statement and the indexes made again (a
	// sort instead of a million random inserts), and the transaction
	// commits. While it finishes, every read and write of persons by
	// anyone waits: an opt-in for a quiet hour, never the default.
	Exclusive bool
}

// importStage is the temporary table of an exclusive import (dropped at
// COMMIT; rolled back with the rest).
const importStage = "kasane_import_persons"

// createStage makes the temporary table of an exclusive import.
func createStage(ctx context.Context, tx *Tx) error {
	_, err := tx.exec(ctx, "CREATE TEMP TABLE "+importStage+" (LIKE persons INCLUDING DEFAULTS) ON COMMIT DROP")
	return err
}

// finishStage moves the staged rows into persons: lock, drop the
// secondary indexes (those backing no constraint), one INSERT … SELECT
// (the statement-level name_index_log trigger writes the log rows once),
// then the indexes again from the definitions read, in the same
// transaction. A failure rolls everything back, indexes included.
func finishStage(ctx context.Context, tx *Tx) error {
	if _, err := tx.exec(ctx, "LOCK TABLE persons IN ACCESS EXCLUSIVE MODE"); err != nil {
		return err
	}
	rows, err := tx.query(ctx, `SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = 'persons'::regclass AND NOT i.indisprimary AND NOT i.indisunique
		AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname`)
	if err != nil {
		return err
	}
	var names, defs []string
	for rows.Next() {
		var n, d string
		if err := rows.Scan(&n, &d); err != nil {
			rows.Close()
			return err
		}
		names, defs = append(names, n), append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stmts := []string{"SET LOCAL maintenance_work_mem = '256MB'"}
	for _, n := range names {
		stmts = append(stmts, "DROP INDEX "+quoteIdent(n))
	}
	stmts = append(stmts, "INSERT INTO persons SELECT * FROM "+importStage)
	stmts = append(stmts, defs...)
	for _, s := range stmts {
		if _, err := tx.exec(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

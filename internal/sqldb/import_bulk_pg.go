package sqldb

import (
	"context"
)

// ImportOptions change how ImportPersonsWith writes.
type ImportOptions struct {
	// Exclusive (PostgreSQL; SQLite ignores it, its bulk mode blocks no
	// reader): the rows are copied into a temporary table while the file
	// is read, validated and compared (nothing is locked then); at the end
	// persons is locked ACCESS EXCLUSIVE, its secondary indexes and
	// foreign keys dropped, the rows inserted in one statement and the
	// indexes and keys made again (a sort and a join instead of a million
	// random inserts and two million lookups), and the transaction
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
// secondary indexes (those backing no constraint) and the foreign keys of
// persons, one INSERT … SELECT (the statement-level name_index_log trigger
// writes the log rows once), then the indexes and foreign keys again from
// the definitions read (a foreign key added back checks every row in one
// join instead of two lookups a row), in the same transaction. A failure
// rolls everything back, indexes and keys included.
func finishStage(ctx context.Context, tx *Tx) error {
	if _, err := tx.exec(ctx, "LOCK TABLE persons IN ACCESS EXCLUSIVE MODE"); err != nil {
		return err
	}
	idx, err := namedDefs(ctx, tx, `SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = 'persons'::regclass AND NOT i.indisprimary AND NOT i.indisunique
		AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname`)
	if err != nil {
		return err
	}
	fks, err := namedDefs(ctx, tx, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'persons'::regclass AND contype = 'f' ORDER BY conname")
	if err != nil {
		return err
	}
	stmts := []string{"SET LOCAL maintenance_work_mem = '256MB'"}
	for _, d := range idx {
		stmts = append(stmts, "DROP INDEX "+quoteIdent(d[0]))
	}
	for _, d := range fks {
		stmts = append(stmts, "ALTER TABLE persons DROP CONSTRAINT "+quoteIdent(d[0]))
	}
	stmts = append(stmts, "INSERT INTO persons SELECT * FROM "+importStage)
	for _, d := range idx {
		stmts = append(stmts, d[1])
	}
	for _, d := range fks {
		stmts = append(stmts, "ALTER TABLE persons ADD CONSTRAINT "+quoteIdent(d[0])+" "+d[1])
	}
	for _, s := range stmts {
		if _, err := tx.exec(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// namedDefs reads (name, definition) pairs.
func namedDefs(ctx context.Context, tx *Tx, q string) ([][2]string, error) {
	rows, err := tx.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var d [2]string
		if err := rows.Scan(&d[0], &d[1]); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

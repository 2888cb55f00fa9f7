package sqldb

import (
	"context"
	"fmt"
)

// importBulkMinRows is the fewest rows an import writes with the secondary
// indexes of persons in place before it may switch to bulk mode (a
// variable so that tests can exercise bulk mode on small files).
var importBulkMinRows = 20000

// importBulkStarted, if set (tests), is called when bulk mode begins.
var importBulkStarted func()

// importBulkRatio: an import switches to bulk mode once it has written
// 1/importBulkRatio of the persons the table held before it (and at least
// importBulkMinRows). Making the indexes again costs a sort of the whole
// table; switching this late bounds what a file that ends soon after can
// lose, while a large file writes nearly all its rows without the indexes.
const importBulkRatio = 2

// nameLogInsertTrigger is the SQL of the name_index_log insert trigger as
// migration 0007 made it. sqliteBulk drops it only while it reads exactly
// this (whatever a later migration makes of it is left in place, as a row
// trigger), because it writes the same rows itself with nameLogInsertSelect.
const nameLogInsertTrigger = "CREATE TRIGGER persons_name_index_insert AFTER INSERT ON persons BEGIN INSERT INTO name_index_log (municipality_id, person_id, txid, created_at) VALUES (NEW.municipality_id, NEW.id, 0, NEW.updated_at); END"

// nameLogInsertSelect writes, for the persons inserted after rowid ?, the
// rows the trigger above writes, in the order it writes them.
const nameLogInsertSelect = "INSERT INTO name_index_log (municipality_id, person_id, txid, created_at) SELECT municipality_id, id, 0, updated_at FROM persons WHERE rowid > ? ORDER BY rowid"

// sqliteBulk is the bulk mode of a large SQLite import. Inserting a
// million persons one by one into the five indexes of persons writes
// b-tree pages in random order; once an import is large next to what the
// table held (importBulkRatio), it drops the secondary indexes of persons
// and the name_index_log insert trigger INSIDE its transaction, writes the
// rest of the rows into the table alone, and before COMMIT writes the log
// rows in one INSERT … SELECT and makes the trigger and indexes again from
// the very SQL it read from sqlite_schema (CREATE INDEX sorts: far cheaper
// than random inserts). SQLite DDL is transactional: a failed or cancelled
// import rolls the schema back with the rows, and readers (WAL) keep the
// schema and indexes of their snapshot throughout. The primary key index
// stays (it keeps ids unique; import ids ascend, so it is appended to), and
// so does any UNIQUE index (it must refuse a duplicate row as it comes, not
// at the end).
type sqliteBulk struct {
	threshold int
	dropped   []schemaObject // in sqlite_schema order
	fromRowid int64          // the last rowid of persons before bulk mode
	active    bool
}

type schemaObject struct{ kind, name, sql string }

// newSQLiteBulk counts the persons already registered (all municipalities:
// the indexes are made again over the whole table).
func newSQLiteBulk(ctx context.Context, tx *Tx) (*sqliteBulk, error) {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM persons").Scan(&n); err != nil {
		return nil, err
	}
	return &sqliteBulk{threshold: max(importBulkMinRows, n/importBulkRatio)}, nil
}

// due says whether an import that has written written rows should switch.
func (b *sqliteBulk) due(written int) bool {
	return b != nil && !b.active && written >= b.threshold
}

// start drops the secondary indexes of persons and the name_index_log
// insert trigger (if it is the one nameLogInsertSelect stands in for).
func (b *sqliteBulk) start(ctx context.Context, tx *Tx) error {
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(rowid), 0) FROM persons").Scan(&b.fromRowid); err != nil {
		return err
	}
	rows, err := tx.query(ctx, "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'persons' AND sql IS NOT NULL AND ((type = 'index' AND upper(sql) NOT LIKE 'CREATE UNIQUE%') OR (type = 'trigger' AND name = 'persons_name_index_insert')) ORDER BY rowid")
	if err != nil {
		return err
	}
	var objs []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.sql); err != nil {
			rows.Close()
			return err
		}
		if o.kind == "trigger" && o.sql != nameLogInsertTrigger {
			continue
		}
		objs = append(objs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range objs {
		if _, err := tx.exec(ctx, fmt.Sprintf("DROP %s %q", o.kind, o.name)); err != nil {
			return err
		}
	}
	b.dropped, b.active = objs, true
	if importBulkStarted != nil {
		importBulkStarted()
	}
	return nil
}

// finish writes the log rows of the persons inserted in bulk mode and
// makes the dropped trigger and indexes again, before COMMIT.
func (b *sqliteBulk) finish(ctx context.Context, tx *Tx) error {
	if b == nil || !b.active {
		return nil
	}
	for _, o := range b.dropped {
		if o.kind != "trigger" {
			continue
		}
		if _, err := tx.exec(ctx, nameLogInsertSelect, b.fromRowid); err != nil {
			return err
		}
	}
	for _, o := range b.dropped {
		if _, err := tx.exec(ctx, o.sql); err != nil {
			return err
		}
	}
	b.active = false
	return nil
}

package sqldb

import (
	"context"
	"database/sql"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
)

// importBatch is the number of rows of one multi-row INSERT (SQLite) or
// one COPY (PostgreSQL).
const (
	importBatchSQLite   = 512
	importBatchPostgres = 4096
)

// personWriter writes imported persons in batches in the import's
// transaction: on SQLite one prepared multi-row INSERT, reused; on
// PostgreSQL COPY on the connection of the transaction.
type personWriter struct {
	tx   *Tx
	conn *sql.Conn
	stmt *sql.Stmt
	args []any    // SQLite: the arguments of the pending rows
	rows [][]any  // PostgreSQL: the pending rows
	cols []string // PostgreSQL: the columns of persons COPY fills
	now  string
	size int
	n    int
	bulk *sqliteBulk // SQLite: nil, or the bulk mode of a large import
	// PostgreSQL: the table COPY fills, persons or (exclusive) importStage
	table string
}

func newPersonWriter(tx *Tx, conn *sql.Conn) *personWriter {
	w := &personWriter{tx: tx, conn: conn, now: ts(tx.now), size: importBatchSQLite, table: "persons"}
	if tx.dialect == Postgres {
		w.size = importBatchPostgres
		w.cols = append([]string{"id", "municipality_id"}, strings.Fields(strings.ReplaceAll(personColsNoID(), ",", " "))...)
	}
	return w
}

func (w *personWriter) pending() int {
	if w.tx.dialect == Postgres {
		return len(w.rows)
	}
	return len(w.args) / 31
}

func (w *personWriter) add(ctx context.Context, p *casework.Person) error {
	if w.tx.dialect == Postgres {
		r := make([]any, 0, 31)
		r = append(r, p.ID, p.MunicipalityID)
		r = append(r, personArgs(p)...)
		w.rows = append(w.rows, append(r, 1, w.now, w.now))
	} else {
		w.args = append(w.args, p.ID, p.MunicipalityID)
		w.args = append(w.args, personArgs(p)...)
		w.args = append(w.args, 1, w.now, w.now)
	}
	if w.pending() < w.size {
		return nil
	}
	return w.flush(ctx)
}

// flush writes the pending rows.
func (w *personWriter) flush(ctx context.Context) error {
	n := w.pending()
	if n == 0 {
		return nil
	}
	if w.tx.dialect == Postgres {
		err := w.conn.Raw(func(dc any) error {
			_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{w.table}, w.cols, pgx.CopyFromRows(w.rows))
			return err
		})
		if err != nil {
			return err
		}
		clear(w.rows)
		w.rows = w.rows[:0]
		w.n += n
		return nil
	}
	if n == w.size {
		if w.stmt == nil {
			s, err := w.tx.tx.PrepareContext(ctx, insertPersons(w.size))
			if err != nil {
				return err
			}
			w.stmt = s
		}
		if _, err := w.stmt.ExecContext(ctx, w.args...); err != nil {
			return err
		}
	} else if _, err := w.tx.exec(ctx, insertPersons(n), w.args...); err != nil {
		return err
	}
	clear(w.args)
	w.args = w.args[:0]
	w.n += n
	if w.bulk.due(w.n) {
		if w.stmt != nil { // prepared against the indexes about to go
			w.stmt.Close()
			w.stmt = nil
		}
		return w.bulk.start(ctx, w.tx)
	}
	return nil
}

// pairsWhile finds the pairs within the file (Go, on every core) while
// write runs (the database: the last rows, the indexes made again).
func pairsWhile(ctx context.Context, inFile *fileRuns, th dedupe.Thresholds, write func(context.Context) error) ([]ImportDuplicate, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var same []ImportDuplicate
	var perr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		same, perr = inFile.pairs(ctx, th)
	}()
	werr := write(ctx)
	if werr != nil {
		cancel()
	}
	<-done
	if werr != nil {
		return nil, werr
	}
	return same, perr
}

// finish writes the pending rows and ends bulk mode (before COMMIT).
func (w *personWriter) finish(ctx context.Context) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	if w.table == importStage {
		return finishStage(ctx, w.tx)
	}
	return w.bulk.finish(ctx, w.tx)
}

func (w *personWriter) close() {
	if w.stmt != nil {
		w.stmt.Close()
	}
}

// insertPersons is the multi-row INSERT of the import. OR FAIL spares
// SQLite the statement journal that would undo a statement half done: on
// any error the whole import is rolled back anyway.
func insertPersons(rows int) string {
	one := "(" + placeholders(31) + ")"
	return "INSERT OR FAIL INTO persons (id, municipality_id, " + personColsNoID() + ") VALUES " + strings.Repeat(one+",", rows-1) + one
}

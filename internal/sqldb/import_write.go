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
	tx    *Tx
	conn  *sql.Conn
	stmt  [2]*sql.Stmt       // SQLite: the full-batch INSERTs, wide and narrow
	args  []any              // SQLite: the arguments of one INSERT
	batch []*casework.Person // SQLite: the pending rows
	rows  [][]any            // PostgreSQL: the pending rows
	cols  []string           // PostgreSQL: the columns of persons COPY fills
	now   string
	size  int
	n     int
	bulk  *sqliteBulk // SQLite: nil, or the bulk mode of a large import
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
	return len(w.batch)
}

func (w *personWriter) add(ctx context.Context, p *casework.Person) error {
	if w.tx.dialect == Postgres {
		r := make([]any, 0, 31)
		r = append(r, p.ID, p.MunicipalityID)
		r = append(r, personArgs(p)...)
		w.rows = append(w.rows, append(r, 1, w.now, w.now))
	} else {
		w.batch = append(w.batch, p)
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
	if err := w.insertSQLite(ctx); err != nil {
		return err
	}
	w.n += n
	if w.bulk.due(w.n) {
		w.closeStmts() // prepared against the indexes about to go
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

func (w *personWriter) close() { w.closeStmts() }

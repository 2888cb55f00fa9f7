package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Tx is one transaction with the single `now` it runs at.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	now     time.Time
	// deferred collects the audit events of a read transaction (inRead);
	// nil in a write transaction, where events are written in place.
	deferred *[]pendingAudit
	// keepsNames, set by fn, says the transaction cannot have changed a
	// person's name keys, so the name index need not sync for it.
	keepsNames bool
	// stmts caches prepared statements of a SQLite read transaction
	// (stmtcache.go); nil otherwise.
	stmts *stmtCache
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.dialect.rebind(q), args...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.dialect.rebind(q), args...)
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.dialect.rebind(q), args...)
}

// execOne runs an UPDATE that must touch exactly one row; zero rows is a
// conflict (stale version) or not found, decided by the caller's error.
func (t *Tx) execOne(ctx context.Context, onZero error, q string, args ...any) error {
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return onZero
	}
	return nil
}

// inTx runs fn in one transaction and commits at the end. write selects the
// writer connection (SQLite: BEGIN IMMEDIATE). what names the object for
// error messages.
func (db *DB) inTx(ctx context.Context, write bool, what string, fn func(*Tx) error) error {
	return db.runTx(ctx, write, what, nil, fn)
}

// inRead runs an audited read: fn runs in a read transaction (concurrent
// with other reads; access rules are checked inside it as in any
// transaction) and the audit events it records are appended to the chain by
// the group-commit audit writer, many requests' events in one write
// transaction. inRead returns only when they are durable; if they cannot be
// written it returns an error and the caller must not hand out what fn
// read. No access without a durable audit record (rule 8).
func (db *DB) inRead(ctx context.Context, what string, fn func(*Tx) error) error {
	return db.inReadOpts(ctx, what, nil, fn)
}

// inReadOpts is inRead with the transaction's options (nil: runTx's).
func (db *DB) inReadOpts(ctx context.Context, what string, opts *sql.TxOptions, fn func(*Tx) error) error {
	var events []pendingAudit
	if opts == nil && db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	if err := db.runTxOpts(ctx, false, what, &events, opts, fn); err != nil {
		return err
	}
	if len(events) == 0 {
		return nil
	}
	return db.auditq.commit(ctx, db, events)
}

// inReadSnapshot is inRead with every statement seeing the same committed
// state (PostgreSQL REPEATABLE READ; a SQLite read transaction already
// does): for a read that counts in several statements what one must add up,
// like the drill-down's lead and team parts (contactCandidates).
func (db *DB) inReadSnapshot(ctx context.Context, what string, fn func(*Tx) error) error {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	return db.inReadOpts(ctx, what, opts, fn)
}

// inSnapshot runs fn in a read transaction whose every statement sees the
// same committed state: PostgreSQL REPEATABLE READ (its READ COMMITTED takes
// a new snapshot per statement); a SQLite read transaction already does.
// Checks that compare tables, like VerifyAudit, need it: otherwise a commit
// between two statements looks like tampering.
func (db *DB) inSnapshot(ctx context.Context, what string, fn func(*Tx) error) error {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	return db.runTxOpts(ctx, false, what, nil, opts, fn)
}

func (db *DB) runTx(ctx context.Context, write bool, what string, deferred *[]pendingAudit, fn func(*Tx) error) error {
	var opts *sql.TxOptions
	if !write && db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	return db.runTxOpts(ctx, write, what, deferred, opts, fn)
}

func (db *DB) runTxOpts(ctx context.Context, write bool, what string, deferred *[]pendingAudit, opts *sql.TxOptions, fn func(*Tx) error) error {
	pool, stmts := db.read, db.readStmts
	if write {
		pool = db.write
	} else if db.replica != nil && onReplica(ctx) {
		pool = db.replica // reports and exports with --db-read (ha.go)
	} else if db.sessionRead != nil && onSessionPool(ctx) {
		pool, stmts = db.sessionRead, db.sessionReadStmts
	}
	sqlTx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return mapError(err, what)
	}
	t := &Tx{tx: sqlTx, dialect: db.dialect, now: db.Now().UTC().Truncate(time.Microsecond), deferred: deferred}
	if !write {
		t.stmts = stmts
	}
	if err := fn(t); err != nil {
		_ = sqlTx.Rollback()
		return mapError(err, what)
	}
	if err := sqlTx.Commit(); err != nil {
		return mapError(err, what)
	}
	if write && !t.keepsNames {
		db.writes.Add(1)
	}
	return nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// collect runs a query and reads all rows with scan.
func collect[T any](ctx context.Context, t *Tx, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanRows(rows, scan)
}

// scanRows reads every row with scan and closes the rows.
func scanRows[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

var errStop = errors.New("stop")

func itoa(n int) string { return fmt.Sprintf("%d", n) }

type sessionPoolKey struct{}

// sessionPool marks the check a request begins with (its session or API
// token): on SQLite it reads on readers of its own (DB.sessionRead).
func sessionPool(ctx context.Context) context.Context {
	return context.WithValue(ctx, sessionPoolKey{}, true)
}

func onSessionPool(ctx context.Context) bool {
	v, _ := ctx.Value(sessionPoolKey{}).(bool)
	return v
}

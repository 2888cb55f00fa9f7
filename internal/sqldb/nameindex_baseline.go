package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The baselines of `kasane bench`: what a system without kasane's name
// index would do. They work on bench_* tables only.

// BaselineRow is a person as a baseline stores it: the name and the reading
// exactly as written.
type BaselineRow struct{ ID, Name, Kana string }

// Baseline is a name search to compare with.
type Baseline struct {
	name  string
	db    *sql.DB
	query func(ctx context.Context, q string, limit int) ([]string, error)
}

// Name says which baseline this is.
func (b *Baseline) Name() string { return b.name }

// Search returns the ids of up to limit persons whose name or reading
// contains q.
func (b *Baseline) Search(ctx context.Context, q string, limit int) ([]string, error) {
	return b.query(ctx, q, limit)
}

func scanIDs(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// PersonIDsInOrder returns the ids of a municipality's persons in insertion
// order (SQLite rowid): the bench maps them back to its generated records.
func (db *DB) PersonIDsInOrder(ctx context.Context, muni string) ([]string, error) {
	if db.dialect != SQLite {
		return nil, fmt.Errorf("SQLite only")
	}
	return scanIDs(db.read.QueryContext(ctx, "SELECT id FROM persons WHERE municipality_id = ? ORDER BY rowid", muni))
}

// FTSBaseline builds an FTS5 trigram table over rows in the SQLite database
// and searches it; queries under 3 characters, which trigrams cannot
// serve, fall back to LIKE.
func (db *DB) FTSBaseline(ctx context.Context, rows []BaselineRow) (*Baseline, error) {
	if db.dialect != SQLite {
		return nil, fmt.Errorf("SQLite only")
	}
	for _, s := range []string{"DROP TABLE IF EXISTS bench_fts",
		"CREATE VIRTUAL TABLE bench_fts USING fts5(pid UNINDEXED, name, kana, tokenize='trigram')"} {
		if _, err := db.write.ExecContext(ctx, s); err != nil {
			return nil, err
		}
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	st, err := tx.PrepareContext(ctx, "INSERT INTO bench_fts (pid, name, kana) VALUES (?,?,?)")
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	for _, r := range rows {
		if _, err := st.ExecContext(ctx, r.ID, r.Name, r.Kana); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return &Baseline{name: "SQLite FTS5 trigram (LIKE under 3 characters)", db: db.read, query: func(ctx context.Context, q string, limit int) ([]string, error) {
		if utf8.RuneCountInString(q) >= 3 {
			return scanIDs(db.read.QueryContext(ctx, "SELECT pid FROM bench_fts WHERE bench_fts MATCH ? LIMIT ?", `"`+strings.ReplaceAll(q, `"`, `""`)+`"`, limit))
		}
		p := likePattern(q)
		return scanIDs(db.read.QueryContext(ctx, "SELECT pid FROM bench_fts WHERE name LIKE ?"+likeEscape+" OR kana LIKE ?"+likeEscape+" LIMIT ?", p, p, limit))
	}}, nil
}

// TrgmBaseline loads rows into a fresh table of the PostgreSQL database dsn
// with COPY, indexes name and reading with pg_trgm GIN, and returns the
// baseline and how many rows COPY wrote. The table is dropped by Close.
func TrgmBaseline(ctx context.Context, dsn string, rows []BaselineRow, copied func(n int)) (*Baseline, func(), error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, nil, err
	}
	closeAll := func() {
		_, _ = db.ExecContext(context.Background(), "DROP TABLE IF EXISTS bench_trgm")
		db.Close()
	}
	for _, s := range []string{"CREATE EXTENSION IF NOT EXISTS pg_trgm", "DROP TABLE IF EXISTS bench_trgm",
		"CREATE TABLE bench_trgm (pid TEXT PRIMARY KEY, name TEXT NOT NULL, kana TEXT NOT NULL)"} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			closeAll()
			return nil, nil, err
		}
	}
	if err := copyRows(ctx, db, "bench_trgm", []string{"pid", "name", "kana"}, len(rows), func(i int) []any {
		return []any{rows[i].ID, rows[i].Name, rows[i].Kana}
	}); err != nil {
		closeAll()
		return nil, nil, err
	}
	if copied != nil {
		copied(len(rows))
	}
	for _, s := range []string{"CREATE INDEX bench_trgm_name ON bench_trgm USING gin (name gin_trgm_ops)",
		"CREATE INDEX bench_trgm_kana ON bench_trgm USING gin (kana gin_trgm_ops)", "ANALYZE bench_trgm"} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			closeAll()
			return nil, nil, err
		}
	}
	return &Baseline{name: "PostgreSQL pg_trgm GIN (LIKE)", db: db, query: func(ctx context.Context, q string, limit int) ([]string, error) {
		p := likePattern(q)
		return scanIDs(db.QueryContext(ctx, `SELECT pid FROM bench_trgm WHERE name LIKE $1 ESCAPE '\' OR kana LIKE $1 ESCAPE '\' LIMIT $2`, p, limit))
	}}, closeAll, nil
}

// copyRows writes n rows into table with PostgreSQL COPY.
func copyRows(ctx context.Context, db *sql.DB, table string, cols []string, n int, row func(i int) []any) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		_, err := pc.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil }))
		return err
	})
}

// RawInsertSQLite is the import baseline on SQLite: the same 13 text
// columns into a bare table, one prepared INSERT per row, one transaction.
func RawInsertSQLite(ctx context.Context, path string, n int, row func(i int) []any) error {
	db, err := sql.Open("sqlite", sqliteURI(path, "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE TABLE raw_persons (id TEXT PRIMARY KEY, family_name TEXT, given_name TEXT, family_kana TEXT, given_kana TEXT, birth_date TEXT, sex TEXT, postal_code TEXT, prefecture TEXT, city TEXT, street TEXT, phone TEXT, municipality_id TEXT)"); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, "INSERT INTO raw_persons VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	defer st.Close()
	for i := 0; i < n; i++ {
		if _, err := st.ExecContext(ctx, row(i)...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// RawCopyPostgres is the import baseline on PostgreSQL: COPY of the same 13
// text columns into a fresh table (dropped afterwards).
func RawCopyPostgres(ctx context.Context, dsn string, n int, row func(i int) []any) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	defer db.ExecContext(context.Background(), "DROP TABLE IF EXISTS raw_persons")
	for _, s := range []string{"DROP TABLE IF EXISTS raw_persons", "CREATE TABLE raw_persons (id TEXT PRIMARY KEY, family_name TEXT, given_name TEXT, family_kana TEXT, given_kana TEXT, birth_date TEXT, sex TEXT, postal_code TEXT, prefecture TEXT, city TEXT, street TEXT, phone TEXT, municipality_id TEXT)"} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return copyRows(ctx, db, "raw_persons", []string{"id", "family_name", "given_name", "family_kana", "given_kana", "birth_date", "sex", "postal_code", "prefecture", "city", "street", "phone", "municipality_id"}, n, row)
}

// BenchSchema makes a fresh schema kasane_bench in the PostgreSQL database
// dsn and returns a DSN that works in it, and a function dropping it.
func BenchSchema(ctx context.Context, dsn string) (string, func(), error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	for _, s := range []string{"DROP SCHEMA IF EXISTS kasane_bench CASCADE", "CREATE SCHEMA kasane_bench"} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			db.Close()
			return "", nil, err
		}
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=kasane_bench", func() {
		_, _ = db.ExecContext(context.Background(), "DROP SCHEMA IF EXISTS kasane_bench CASCADE")
		db.Close()
	}, nil
}

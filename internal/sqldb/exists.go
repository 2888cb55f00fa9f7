package sqldb

import (
	"context"
	"fmt"
	"os"
)

// ErrNotFound is wrapped by OpenExisting when the database named by the
// DSN does not exist (a missing SQLite file) or has no kasane schema (a
// PostgreSQL database or schema never migrated).
var ErrNotFound = fmt.Errorf("データベースが見つかりません")

// OpenExisting opens a kasane database that already exists: unlike Open it
// never creates a SQLite file, and it refuses a database without kasane's
// schema, so a mistyped --db fails instead of starting an empty database.
func OpenExisting(ctx context.Context, dsn string) (*DB, error) {
	if !IsPostgres(dsn) {
		st, err := os.Stat(dsn)
		if err != nil {
			return nil, fmt.Errorf("%w: %s というファイルはありません", ErrNotFound, dsn)
		}
		if st.IsDir() {
			return nil, fmt.Errorf("%w: %s はフォルダです", ErrNotFound, dsn)
		}
	}
	db, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	ok, err := db.HasSchema(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if !ok {
		db.Close()
		where := dsn
		if IsPostgres(dsn) {
			where = redactDSN(dsn) + " に kasane のスキーマ"
		} else {
			where += " に kasane のテーブル"
		}
		return nil, fmt.Errorf("%w: %s がありません", ErrNotFound, where)
	}
	return db, nil
}

// HasSchema reports whether the database holds kasane's schema (its
// migration table).
func (db *DB) HasSchema(ctx context.Context) (bool, error) {
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
	if db.dialect == Postgres {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
	}
	var n int
	if err := db.read.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("データベースを確認できません: %w", err)
	}
	return n > 0, nil
}

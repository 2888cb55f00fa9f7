package sqldb

import (
	"context"
	"fmt"
	"strings"
)

// checkPostgres refuses a PostgreSQL server (or session) that could
// acknowledge a commit and then lose it: synchronous_commit=off, fsync=off or
// full_page_writes=off. synchronous_commit=local, on, remote_write and
// remote_apply all flush the commit record to the local disk first.
func checkPostgres(ctx context.Context, db *DB) error {
	for _, s := range []struct{ name, unsafe, why string }{
		{"synchronous_commit", "off", "確定した記録が障害時に失われるおそれがあります"},
		{"fsync", "off", "障害時にデータベースが壊れるおそれがあります"},
		{"full_page_writes", "off", "障害時にデータベースが壊れるおそれがあります"},
	} {
		var v string
		if err := db.write.QueryRowContext(ctx, "SHOW "+s.name).Scan(&v); err != nil {
			return fmt.Errorf("PostgreSQL の設定 %s を確認できません: %v", s.name, err)
		}
		if strings.EqualFold(strings.TrimSpace(v), s.unsafe) {
			return fmt.Errorf("PostgreSQL の %s が %s です（%s）。%s = on にしてから起動してください", s.name, v, s.why, s.name)
		}
	}
	return nil
}

// CheckDurability checks the database is set up so that an acknowledged
// write survives a crash: WAL with synchronous=FULL on SQLite, see
// checkPostgres for PostgreSQL.
func (db *DB) CheckDurability(ctx context.Context) error {
	if db.dialect == Postgres {
		return checkPostgres(ctx, db)
	}
	return checkSQLite(ctx, db)
}

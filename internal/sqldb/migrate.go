package sqldb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	dir := "migrations/" + string(db.dialect)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", name)
		}
		b, err := migrationFS.ReadFile(dir + "/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate applies the embedded migrations not yet applied, each in its own
// transaction, and returns how many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("スキーマを作成できません: %w", mapError(err, "スキーマ"))
	}
	ms, err := db.migrations()
	if err != nil {
		return 0, err
	}
	applied := 0
	for _, m := range ms {
		err := db.inTx(ctx, true, "スキーマ", func(tx *Tx) error {
			if db.dialect == Postgres {
				// serialise concurrent starts of several instances
				if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(4242)"); err != nil {
					return err
				}
			}
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errStop
			}
			for _, stmt := range splitSQL(m.sql) {
				if _, err := tx.exec(ctx, stmt); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			_, err := tx.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", m.version, m.name, ts(tx.now))
			return err
		})
		if err == errStop {
			continue
		}
		if err != nil {
			return applied, err
		}
		applied++
	}
	if db.journal != nil { // audit_journal_merged may be new
		if err := db.claimJournal(ctx, db.journal, false); err != nil {
			return applied, err
		}
	}
	return applied, nil
}

// splitSQL splits a migration file on semicolons at line ends (our files
// keep one statement per semicolon and no semicolons inside literals).
func splitSQL(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// Schema returns "table.column" for every column of every user table, for
// the test that compares the dialects.
func (db *DB) Schema(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, db.dialect.tablesQuery())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out = append(out, t+"."+c)
	}
	return out, rows.Err()
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Backup writes a consistent copy of the whole database to file, which must
// not exist yet. It runs while the server keeps writing:
//
//   - SQLite: VACUUM INTO a temporary file next to file (a read transaction:
//     in WAL mode writers go on), quick_check of the copy, fsync, rename.
//   - PostgreSQL: pg_dump --format=custom of the DSN's schema (search_path,
//     default public) into a temporary file, then rename. pg_dump takes one
//     snapshot; writers go on. The password is passed in PGPASSWORD, never
//     on the command line.
func (db *DB) Backup(ctx context.Context, file string) error {
	if file == "" {
		return errors.New("バックアップ先のファイル名を指定してください")
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("バックアップ先 %s は既にあります。別の名前を指定してください", file)
	}
	dir := filepath.Dir(file)
	tmp, err := os.CreateTemp(dir, ".kasane-backup-*")
	if err != nil {
		return fmt.Errorf("バックアップ先に書き込めません: %v", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmpName)
		}
	}()
	if db.dialect == Postgres {
		if err := pgDump(ctx, db.dsn, tmpName); err != nil {
			return err
		}
	} else {
		os.Remove(tmpName) // VACUUM INTO refuses an existing file
		// the reads audited so far go into the copy; a municipality whose
		// events cannot be moved keeps them in the journal, and the backup
		// goes on (verify reports it)
		_ = db.flushJournal(ctx, "")
		if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?", tmpName); err != nil {
			return fmt.Errorf("SQLite のバックアップに失敗しました: %w", mapError(err, "バックアップ"))
		}
		if err := quickCheck(ctx, tmpName); err != nil {
			return err
		}
	}
	if err := syncFile(tmpName); err != nil {
		return fmt.Errorf("バックアップを書き込めません: %v", err)
	}
	if err := os.Rename(tmpName, file); err != nil {
		return fmt.Errorf("バックアップを保存できません: %v", err)
	}
	ok = true
	return syncDir(dir)
}

// Restore loads a backup made by Backup into the empty database named by
// dsn (a new SQLite file, or a PostgreSQL database whose schema has no
// tables). It refuses a target that already holds tables. It does not
// migrate or verify: open the result and call VerifyAudit.
func Restore(ctx context.Context, dsn, file string) error {
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("バックアップファイルを開けません: %v", err)
	}
	if IsPostgres(dsn) {
		return pgRestore(ctx, dsn, file)
	}
	return sqliteRestore(ctx, dsn, file)
}

func sqliteRestore(ctx context.Context, path, file string) error {
	if st, err := os.Stat(path); err == nil {
		if st.Size() > 0 {
			return fmt.Errorf("復元先 %s は空ではありません。新しいファイル名を指定してください", path)
		}
	}
	if err := clearOldJournal(ctx, path); err != nil {
		return err
	}
	for _, side := range []string{"-wal", "-journal"} {
		if st, err := os.Stat(path + side); err == nil && st.Size() > 0 {
			return fmt.Errorf("復元先 %s に使用中の %s ファイルがあります", path, side)
		}
	}
	if err := quickCheck(ctx, file); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".kasane-restore-*")
	if err != nil {
		return fmt.Errorf("復元先に書き込めません: %v", err)
	}
	defer os.Remove(tmp.Name())
	src, err := os.Open(file)
	if err != nil {
		tmp.Close()
		return err
	}
	_, err = tmp.ReadFrom(src)
	src.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("復元先に書き込めません: %v", err)
	}
	os.Remove(path + "-shm")
	os.Remove(path + "-wal")
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("復元先に書き込めません: %v", err)
	}
	return syncDir(dir)
}

// clearOldJournal removes the journal of reads left beside a restore
// target by an earlier database there, or refuses if it still holds
// events: they are records of who saw what and belong with that database.
func clearOldJournal(ctx context.Context, path string) error {
	p := path + journalSuffix
	if _, err := os.Stat(p); err == nil {
		j, err := sql.Open("sqlite", sqliteURI(p, "_pragma=busy_timeout(10000)"))
		if err != nil {
			return err
		}
		var n int
		err = j.QueryRowContext(ctx, "SELECT COUNT(*) FROM pending").Scan(&n)
		j.Close()
		if err != nil && !strings.Contains(err.Error(), "no such table") {
			return fmt.Errorf("復元先の監査ジャーナル %s を確認できません: %v", p, err)
		}
		if n > 0 {
			return fmt.Errorf("復元先に監査ジャーナル %s があり、閲覧の監査記録が %d 件残っています。元のデータベースと一緒に別の場所へ移してから復元してください", p, n)
		}
	}
	for _, side := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(p + side); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("復元先の古い監査ジャーナルを削除できません: %v", err)
		}
	}
	return nil
}

// quickCheck opens a SQLite file read-only and runs PRAGMA quick_check.
func quickCheck(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", sqliteURI(path, "mode=ro"))
	if err != nil {
		return err
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&res); err != nil {
		return fmt.Errorf("%s は SQLite のバックアップではありません: %v", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("%s は壊れています: %s", path, res)
	}
	var n int
	if err := c.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_migrations'").Scan(&n); err != nil || n != 1 {
		return fmt.Errorf("%s は kasane のデータベースではありません", path)
	}
	return nil
}

func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// TableCounts returns the number of rows of every table of the schema
// (used to compare a restored database with its source).
func (db *DB) TableCounts(ctx context.Context) (map[string]int64, error) {
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if db.dialect == Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	out := map[string]int64{}
	err := db.inTx(ctx, false, "件数", func(tx *Tx) error {
		names, err := collect(ctx, tx, func(s scanner) (string, error) {
			var n string
			return n, s.Scan(&n)
		}, q)
		if err != nil {
			return err
		}
		sort.Strings(names)
		for _, n := range names {
			var c int64
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM "+quoteIdent(n)).Scan(&c); err != nil {
				return err
			}
			out[n] = c
		}
		return nil
	})
	return out, err
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

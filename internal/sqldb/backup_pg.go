package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// libpqParams are the URL parameters pg_dump and pg_restore understand; the
// others (search_path, pgx pool settings) are for kasane only.
var libpqParams = map[string]bool{"sslmode": true, "sslrootcert": true, "sslcert": true, "sslkey": true,
	"connect_timeout": true, "application_name": true, "target_session_attrs": true, "options": true, "host": true, "port": true}

// pgConn splits a kasane DSN into a libpq URL without the password, the
// password (for PGPASSWORD) and the schema kasane uses (search_path, or public).
func pgConn(dsn string) (conn, password, schema string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", "", fmt.Errorf("PostgreSQL の接続先が正しくありません")
	}
	if u.User != nil {
		password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	schema = "public"
	if sp := q.Get("search_path"); sp != "" {
		first, _, _ := strings.Cut(sp, ",")
		schema = strings.Trim(strings.TrimSpace(first), `"`)
	}
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), password, schema, nil
}

// pgTool finds pg_dump or pg_restore: on PATH, else the newest
// /usr/lib/postgresql/*/bin.
func pgTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	sort.Strings(found)
	if len(found) == 0 {
		return "", fmt.Errorf("%s が見つかりません。PostgreSQL のクライアント（postgresql-client）を入れてください", name)
	}
	return found[len(found)-1], nil
}

func runPgTool(ctx context.Context, name, password string, args ...string) error {
	bin, err := pgTool(name)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+password)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s に失敗しました: %v: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

func pgDump(ctx context.Context, dsn, file string) error {
	conn, pw, schema, err := pgConn(dsn)
	if err != nil {
		return err
	}
	return runPgTool(ctx, "pg_dump", pw, "--format=custom", "--no-owner", "--no-privileges",
		"--schema="+schema, "--file="+file, "--dbname="+conn)
}

var tocTable = regexp.MustCompile(`(?m)^\d+; \d+ \d+ TABLE (\S+) \S+`)

// pgRestore loads the dump into the target schema. The dump keeps the name
// of the schema it was taken from; if the target's schema differs, the
// restored schema is renamed to it afterwards.
func pgRestore(ctx context.Context, dsn, file string) error {
	conn, pw, target, err := pgConn(dsn)
	if err != nil {
		return err
	}
	bin, err := pgTool("pg_restore")
	if err != nil {
		return err
	}
	list, err := exec.CommandContext(ctx, bin, "--list", file).Output()
	if err != nil {
		return fmt.Errorf("%s は pg_dump のカスタム形式のバックアップではありません: %v", file, err)
	}
	m := tocTable.FindSubmatch(list)
	if m == nil {
		return fmt.Errorf("%s にテーブルがありません", file)
	}
	source := string(m[1])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer admin.Close()
	var n int
	if err := admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = $1", target).Scan(&n); err != nil {
		return fmt.Errorf("PostgreSQL に接続できません (%s): %v", redactDSN(dsn), err)
	}
	if n > 0 {
		return fmt.Errorf("復元先のスキーマ %s は空ではありません（テーブル %d 個）。新しいデータベースを指定してください", target, n)
	}
	if err := admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1", source).Scan(&n); err != nil {
		return err
	}
	args := []string{"--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname=" + conn}
	if n > 0 && source != target {
		return fmt.Errorf("復元先のデータベースには既にスキーマ %s があります。新しいデータベースを指定してください", source)
	}
	if n > 0 {
		// the (empty) schema exists already, as public does in a new
		// database: restore everything but its CREATE SCHEMA
		useList, err := os.CreateTemp("", "kasane-restore-list-*")
		if err != nil {
			return err
		}
		defer os.Remove(useList.Name())
		schemaEntry := regexp.MustCompile(`^\d+; \d+ \d+ SCHEMA - ` + regexp.QuoteMeta(source) + ` `)
		for _, line := range strings.Split(string(list), "\n") {
			if schemaEntry.MatchString(line) {
				line = ";" + line
			}
			fmt.Fprintln(useList, line)
		}
		if err := useList.Close(); err != nil {
			return err
		}
		args = append(args, "--use-list="+useList.Name())
	}
	if err := runPgTool(ctx, "pg_restore", pw, append(args, file)...); err != nil {
		return err
	}
	if source == target {
		return nil
	}
	tx, err := admin.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+quoteIdent(target)); err != nil {
		return fmt.Errorf("復元先のスキーマ %s を置き換えられません: %v", target, err)
	}
	if _, err := tx.ExecContext(ctx, "ALTER SCHEMA "+quoteIdent(source)+" RENAME TO "+quoteIdent(target)); err != nil {
		return fmt.Errorf("スキーマ名を %s に変更できません: %v", target, err)
	}
	return tx.Commit()
}

// Package sqldb is the only place with SQL. It implements the casework
// services for SQLite (modernc.org/sqlite) and PostgreSQL (pgx).
package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // SQLite driver "sqlite"

	"kasane/internal/auth"
	"kasane/internal/casework"
)

// DB is a kasane database. For SQLite it keeps a single writer connection
// (transactions begin IMMEDIATE) and a small pool of readers.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// Now is the clock; one value of it is taken per transaction.
	Now func() time.Time
	dsn string
	box *auth.SecretBox // encrypts TOTP secrets; nil: no key (mfa_key.go)
	// auditq writes the audit events of reads in groups (audit_batch.go).
	auditq auditQueue
	// writes counts the write transactions committed through this DB; the
	// name index syncs when it moved (nameindex.go).
	writes atomic.Uint64
	// orgNames caches organization names for page headers (orgs.go).
	orgNames orgNameCache
	// touches holds sessions' last seen moments not yet written
	// (sessions_touch.go); closing stops retries after Close.
	touches touchQueue
	closing atomic.Bool
	// readStmts caches prepared statements of SQLite readers (stmtcache.go).
	readStmts *stmtCache
	// journal holds the audit events of reads until they are moved into
	// the chain (SQLite only; audit_journal.go).
	journal *auditJournal
	// replica, when set, is the PostgreSQL standby that reports and
	// exports read from (--db-read; ha.go).
	replica *sql.DB
	// sessionRead (SQLite) are the readers of the check every request
	// begins with (a session or an API token: onSessionPool), apart from
	// the pages' readers: the check is short and reads few pages, and
	// behind the pages' reads it waited as long as a page (issue 24).
	sessionRead      *sql.DB
	sessionReadStmts *stmtCache
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database named by dsn (a file path for SQLite or a
// postgres:// URL) and checks that it answers. It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: time.Now, dsn: dsn}
	if IsPostgres(dsn) {
		db.dialect = Postgres
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("PostgreSQL の接続先が正しくありません: %w", err)
		}
		p.SetMaxOpenConns(postgresConns())
		p.SetMaxIdleConns(postgresConns())
		p.SetConnMaxIdleTime(5 * time.Minute)
		db.write, db.read = p, p
	} else {
		db.dialect = SQLite
		if err := openSQLite(db, dsn); err != nil {
			return nil, err
		}
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.write.PingContext(pctx); err != nil {
		db.Close()
		if db.dialect == Postgres {
			return nil, fmt.Errorf("PostgreSQL に接続できません (%s): %v", redactDSN(dsn), err)
		}
		return nil, fmt.Errorf("SQLite ファイルを開けません (%s): %v", dsn, err)
	}
	if db.dialect == Postgres {
		if err := checkPostgres(pctx, db); err != nil {
			db.Close()
			return nil, err
		}
	}
	if db.dialect == SQLite {
		if err := checkSQLite(pctx, db); err != nil {
			db.Close()
			return nil, err
		}
		if err := db.openJournal(dsn); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// postgresConns is the size of the PostgreSQL connection pool: three per
// CPU of this machine, at least 4 and at most 20. More connections than the
// machine can run only make the queries wait for the CPU inside PostgreSQL
// instead of for a connection here, and each waiting backend costs a
// context switch. Measured on 2 CPUs (issue 24, 1,000 users pausing 2 s,
// 30 s runs minutes apart): 20 connections 90.7 req/s with 6.3 ms of
// PostgreSQL's CPU per request, 6 connections 132.1 req/s with 4.2 ms.
func postgresConns() int { return min(20, max(4, 3*runtime.GOMAXPROCS(0))) }

// sqliteReaders is the number of SQLite reader connections of the pages;
// sqliteSessionReaders those of the session check (sessionRead).
const (
	sqliteReaders        = 4
	sqliteSessionReaders = 2
)

func openSQLite(db *DB, path string) error {
	if path == "" {
		return errors.New("データベースのパスが空です")
	}
	if dir := filepath.Dir(path); dir != "." {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("SQLite ファイルのフォルダがありません: %s", dir)
		}
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
	w, err := sql.Open("sqlite", sqliteURI(path, pragmas+"&_txlock=immediate"))
	if err != nil {
		return err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	// Readers use SQLite's default page cache, without a memory map. In WAL
	// mode a reader drops its page cache, and unmaps its map, whenever
	// another connection has committed. Since the audit events of reads go
	// to a journal of their own (audit_journal.go), that happens on data
	// writes and once a second, not on every read; still, on a shared
	// 2-CPU virtual machine (2026-11-27, 100,000 cases, 200 users) a mapped
	// reader spent 40% of the mixed load's CPU faulting pages back in after
	// each write. Measured in the same hour, mixed load CPU per request:
	// mmap 11.2 ms, no mmap with a 32 MB cache 7.6 ms, no mmap with the
	// default 2 MB cache 5.8 ms (a large cache spends its time allocating
	// pages again after each reset). Few readers keep their caches warmer:
	// 2 readers did best, 4 cost 15% more and 8 40%; 4 keep one slow export
	// from holding up every page.
	r, err := sql.Open("sqlite", sqliteURI(path, pragmas+"&_pragma=query_only(1)"))
	if err != nil {
		w.Close()
		return err
	}
	r.SetMaxOpenConns(sqliteReaders)
	r.SetMaxIdleConns(sqliteReaders)
	sr, err := sql.Open("sqlite", sqliteURI(path, pragmas+"&_pragma=query_only(1)"))
	if err != nil {
		w.Close()
		r.Close()
		return err
	}
	sr.SetMaxOpenConns(sqliteSessionReaders)
	sr.SetMaxIdleConns(sqliteSessionReaders)
	db.write, db.read, db.readStmts = w, r, newStmtCache(r)
	db.sessionRead, db.sessionReadStmts = sr, newStmtCache(sr)
	return nil
}

// checkSQLite refuses unsafe or broken files: it must be a database we can
// write, in WAL mode with synchronous=FULL.
func checkSQLite(ctx context.Context, db *DB) error {
	var mode string
	if err := db.write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("SQLite ファイルが壊れているか、データベースではありません (%s): %v", db.dsn, err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("SQLite を WAL モードにできません (journal_mode=%s)。書き込みできる場所か確認してください", mode)
	}
	var sync int
	if err := db.write.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		return fmt.Errorf("SQLite の synchronous を FULL にできません")
	}
	if _, err := db.write.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS kasane_probe (x INTEGER); DROP TABLE kasane_probe"); err != nil {
		return fmt.Errorf("SQLite ファイルに書き込めません (%s): %v", db.dsn, err)
	}
	return nil
}

func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// Dialect returns the SQL flavour of the database.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes the connection pools.
func (db *DB) Close() error {
	db.closing.Store(true)
	if db.write != nil {
		_ = db.flushTouches(context.Background()) // the moments sessions were last seen
	}
	err := db.closeJournal()
	if db.write != nil {
		if e := db.write.Close(); err == nil {
			err = e
		}
	}
	if db.replica != nil {
		if e := db.replica.Close(); err == nil {
			err = e
		}
	}
	if db.read != nil && db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	if db.sessionRead != nil {
		if e := db.sessionRead.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Ping checks the database answers (used by the health check).
func (db *DB) Ping(ctx context.Context) error {
	return mapError(db.write.PingContext(ctx), "データベース")
}

// newID returns a random identifier (UUID v4 text form).
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// ts formats an instant for storage.
func ts(t time.Time) string { return t.UTC().Format(casework.TimeFormat) }

// parseTS reads a stored instant; the empty string is the zero time.
func parseTS(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(casework.TimeFormat, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"kasane/internal/casework"
)

// The audit journal of reads (SQLite only).
//
// In WAL mode a SQLite reader drops its whole page cache, and its memory
// map, whenever another connection has committed to the file. When the
// audit events of reads were committed to the database itself, each group
// commit (hundreds a second under load) made every reader fetch its pages
// again: a 100-row case list cost 23 ms of CPU instead of 3.5 ms.
//
// So on SQLite the group-commit writer (audit_batch.go) appends the events
// of reads to a journal: a second SQLite file beside the database
// (<file>-audit), in WAL mode with synchronous=FULL. A read still returns
// data only once its event is durable (rule 8), and readers of the case data
// no longer see those commits. About once a second, and before anything
// reads the audit log (the log page and API, verify, backup), the
// events are moved into their municipality's hash chain, one write
// transaction of the database per municipality, so one municipality's broken
// chain holds up no other. That transaction also records how far the
// journal has been moved for the municipality (audit_journal_merged, a mark
// that only rises), so a crash between moving and clearing the journal, or
// two processes moving at once, never appends an event twice. Writes are
// audited in their own transaction, as before; PostgreSQL has no journal.
//
// A read's event thus enters the chain up to a second after writes that
// happened later: the chain's order is the order of appending, and `at`
// is the moment of the access.
//
// The journal is part of the database, like its -wal file: keep it beside
// the database and never delete it while it holds events. A journal the
// database does not know (left by a deleted database at the same path)
// stops the start while it holds events, rather than mixing them in.

// journalSuffix names the journal file after the database file.
const journalSuffix = "-audit"

// journalInterval is how often pending events are moved into the chain.
const journalInterval = time.Second

// journalBatch bounds the events moved in one transaction.
const journalBatch = 5000

const journalSchema = `CREATE TABLE IF NOT EXISTS journal_meta (one INTEGER PRIMARY KEY CHECK (one = 1), queue_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY AUTOINCREMENT, municipality_id TEXT NOT NULL, at TEXT NOT NULL,
	actor_id TEXT NOT NULL, actor_org_id TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL, object_type TEXT NOT NULL,
	object_id TEXT NOT NULL, reason TEXT NOT NULL, flagged INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pending_municipality ON pending (municipality_id, seq)`

// auditJournal is the open journal of one DB.
type auditJournal struct {
	path string
	db   *sql.DB // one connection
	// id tells this journal file apart in audit_journal_merged: its
	// sequence numbers mean nothing for another file.
	id   string
	mu   sync.Mutex // one move at a time in this process
	stop chan struct{}
	once sync.Once
	done chan struct{}
	// registered: the database knows this journal (claimJournal)
	registered atomic.Bool
	// closing ends the journal once (Close may be called twice)
	closing  sync.Once
	closeErr error
}

// stopLoop ends journalLoop and waits for it.
func (j *auditJournal) stopLoop() {
	j.once.Do(func() { close(j.stop) })
	<-j.done
}

// openJournal opens (or creates) the journal of the database at path,
// checks it belongs to the database and starts moving its events into the
// chain every journalInterval.
func (db *DB) openJournal(path string) error {
	p := path + journalSuffix
	jdb, err := sql.Open("sqlite", sqliteURI(p, "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"))
	if err != nil {
		return err
	}
	jdb.SetMaxOpenConns(1)
	jdb.SetMaxIdleConns(1)
	jdb.SetConnMaxLifetime(0)
	j := &auditJournal{path: p, db: jdb, stop: make(chan struct{}), done: make(chan struct{})}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = func() error {
		var sync int
		if err := jdb.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
			return fmt.Errorf("synchronous を FULL にできません: %v", err)
		}
		if _, err := jdb.ExecContext(ctx, journalSchema); err != nil {
			return err
		}
		if _, err := jdb.ExecContext(ctx, "INSERT OR IGNORE INTO journal_meta (one, queue_id) VALUES (1, ?)", newID()); err != nil {
			return err
		}
		return jdb.QueryRowContext(ctx, "SELECT queue_id FROM journal_meta").Scan(&j.id)
	}()
	if err != nil {
		jdb.Close()
		return fmt.Errorf("監査ジャーナル %s を開けません: %v", p, err)
	}
	if err := db.claimJournal(ctx, j, false); err != nil {
		jdb.Close()
		return err
	}
	db.journal = j
	go db.journalLoop(j)
	return nil
}

// claimJournal refuses a journal holding events the database does not
// know (left by another database at the same path). With register it also
// records that the journal belongs to the database: done before the first
// event is appended, so opening a database (a restored one, say) writes
// nothing. Before migration 0017 there is nothing to check; Migrate checks
// again.
func (db *DB) claimJournal(ctx context.Context, j *auditJournal, register bool) error {
	if j.registered.Load() {
		return nil
	}
	var tables int
	if err := db.write.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_journal_merged'").Scan(&tables); err != nil {
		return err
	}
	if tables == 0 {
		if register { // no event goes to a journal the database cannot record
			return &casework.Error{Code: casework.EUNAVAILABLE, Message: "データベースのスキーマが古いため閲覧を記録できません。kasane を起動し直してスキーマを更新してください。"}
		}
		return nil
	}
	var known int
	if err := db.write.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_journal_merged WHERE queue_id = ?", j.id).Scan(&known); err != nil {
		return err
	}
	if known > 0 {
		j.registered.Store(true)
		return nil
	}
	var pending int
	if err := j.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM pending").Scan(&pending); err != nil {
		return err
	}
	if pending > 0 {
		return fmt.Errorf("監査ジャーナル %s に、このデータベースのものではない閲覧の監査記録が %d 件あります。このファイルは消さずに元のデータベースと一緒に別の場所へ移し、それから起動し直してください", j.path, pending)
	}
	if !register {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, "INSERT INTO audit_journal_merged (queue_id, municipality_id, seq) VALUES (?, '', 0) ON CONFLICT DO NOTHING", j.id); err != nil {
		return err
	}
	j.registered.Store(true)
	return nil
}

// journalLoop moves pending events into the chain until the DB closes.
// A failed move is retried at the next tick; readers of the log see the
// error from their own move (flushJournal).
func (db *DB) journalLoop(j *auditJournal) {
	defer close(j.done)
	t := time.NewTicker(journalInterval)
	defer t.Stop()
	for {
		select {
		case <-j.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), auditGroupTimeout)
			_ = db.flushJournal(ctx, "")
			cancel()
		}
	}
}

// closeJournal stops the loop, moves what is left (a crash leaves it for
// the next start) and closes the file. db.journal stays set: a read whose
// group arrives after this fails on the closed file and hands out nothing.
func (db *DB) closeJournal() error {
	j := db.journal
	if j == nil {
		return nil
	}
	j.closing.Do(func() {
		j.stopLoop()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		j.closeErr = db.flushJournal(ctx, "")
		j.mu.Lock()
		defer j.mu.Unlock()
		if err := j.db.Close(); j.closeErr == nil {
			j.closeErr = err
		}
	})
	return j.closeErr
}

// appendJournal makes events durable in the journal: one transaction.
func (db *DB) appendJournal(ctx context.Context, events []pendingAudit) error {
	j := db.journal
	if err := db.claimJournal(ctx, j, true); err != nil {
		return err
	}
	tx, err := j.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const cols = 10
	const perInsert = 90 // well under SQLite's 999 variables
	for start := 0; start < len(events); start += perInsert {
		chunk := events[start:min(start+perInsert, len(events))]
		q := "INSERT INTO pending (municipality_id, at, actor_id, actor_org_id, address, action, object_type, object_id, reason, flagged) VALUES "
		args := make([]any, 0, cols*len(chunk))
		for i, e := range chunk {
			if i > 0 {
				q += ","
			}
			q += "(?,?,?,?,?,?,?,?,?,?)"
			args = append(args, e.actor.MunicipalityID, ts(e.at), e.actor.UserID, e.actor.OrganizationID, e.actor.Address,
				e.rec.Action, e.rec.ObjectType, e.rec.ObjectID, e.rec.Reason, boolInt(e.rec.Flagged))
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// journalEvent is one event read back from the journal.
type journalEvent struct {
	seq int64
	pendingAudit
}

// pending reads up to n events of a municipality in journal order.
func (j *auditJournal) pending(ctx context.Context, muni string, n int) ([]journalEvent, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT seq, municipality_id, at, actor_id, actor_org_id, address, action, object_type, object_id, reason, flagged
		FROM pending WHERE municipality_id = ? ORDER BY seq LIMIT ?`, muni, n)
	if err != nil {
		return nil, err
	}
	return scanRows(rows, func(s scanner) (journalEvent, error) {
		var e journalEvent
		var at string
		var flagged int
		err := s.Scan(&e.seq, &e.actor.MunicipalityID, &at, &e.actor.UserID, &e.actor.OrganizationID, &e.actor.Address,
			&e.rec.Action, &e.rec.ObjectType, &e.rec.ObjectID, &e.rec.Reason, &flagged)
		e.at, e.rec.Flagged = parseTS(at), flagged == 1
		return e, err
	})
}

// flushJournal moves the pending events of a municipality ("": of all)
// into the chain. Whatever reads the audit log calls it first, so the log
// shows every read that has returned data. It returns the first
// municipality's error and still moves the others.
func (db *DB) flushJournal(ctx context.Context, muni string) error {
	j := db.journal
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	munis := []string{muni}
	if muni == "" {
		rows, err := j.db.QueryContext(ctx, "SELECT DISTINCT municipality_id FROM pending")
		if err == nil {
			munis, err = scanRows(rows, scanString)
		}
		if err != nil {
			return journalError(j, err)
		}
	}
	var first error
	for _, m := range munis {
		if err := db.flushMunicipality(ctx, j, m); err != nil && first == nil {
			first = journalError(j, err)
		}
	}
	return first
}

// flushMunicipality moves one municipality's events, a batch at a time.
func (db *DB) flushMunicipality(ctx context.Context, j *auditJournal, muni string) error {
	for {
		evs, err := j.pending(ctx, muni, journalBatch)
		if err != nil || len(evs) == 0 {
			return err
		}
		if err := db.moveJournal(ctx, j.id, muni, evs); err != nil {
			return err
		}
		if _, err := j.db.ExecContext(ctx, "DELETE FROM pending WHERE municipality_id = ? AND seq <= ?", muni, evs[len(evs)-1].seq); err != nil {
			return err
		}
		if len(evs) < journalBatch {
			return nil
		}
	}
}

// moveJournal appends a municipality's journal events not moved before to
// its chain and raises its mark, in one transaction.
func (db *DB) moveJournal(ctx context.Context, queue, muni string, evs []journalEvent) error {
	return db.inTx(ctx, true, "監査ログ", func(tx *Tx) error {
		tx.keepsNames = true
		var done int64
		err := tx.queryRow(ctx, "SELECT seq FROM audit_journal_merged WHERE queue_id = ? AND municipality_id = ?", queue, muni).Scan(&done)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var todo []pendingAudit
		for _, e := range evs {
			if e.seq > done { // else moved before a crash cleared it from the journal
				todo = append(todo, e.pendingAudit)
			}
		}
		if len(todo) == 0 {
			return nil
		}
		if err := tx.appendAudit(ctx, muni, todo); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO audit_journal_merged (queue_id, municipality_id, seq) VALUES (?, ?, ?)
			ON CONFLICT (queue_id, municipality_id) DO UPDATE SET seq = CASE WHEN excluded.seq > audit_journal_merged.seq THEN excluded.seq ELSE audit_journal_merged.seq END`,
			queue, muni, evs[len(evs)-1].seq)
		return err
	})
}

func journalError(j *auditJournal, err error) error {
	var ce *casework.Error
	if errors.As(err, &ce) {
		return err
	}
	return &casework.Error{Code: casework.EUNAVAILABLE,
		Message: fmt.Sprintf("閲覧の監査記録を監査ログへ移せません（%s: %v）。しばらくしてからもう一度お試しください。", j.path, err)}
}

// journalStuckAfter is how long an event may wait in the journal before
// the health check reports that moves are failing (they run every second).
const journalStuckAfter = 2 * time.Minute

// Health checks that the database answers and, on SQLite, that the journal
// of reads is being moved into the chain: an event waiting longer than
// journalStuckAfter means a municipality's chain refuses it (see `kasane
// audit verify`). Reads go on meanwhile (their records are durable in the
// journal); the health check is what tells the operator.
func (db *DB) Health(ctx context.Context) error {
	if err := db.Ping(ctx); err != nil {
		return &casework.Error{Code: casework.EUNAVAILABLE, Message: "データベースに接続できません。"}
	}
	j := db.journal
	if j == nil {
		return nil
	}
	var n int
	var oldest sql.NullString
	if err := j.db.QueryRowContext(ctx, "SELECT COUNT(*), MIN(at) FROM pending").Scan(&n, &oldest); err != nil {
		return journalError(j, err)
	}
	if n > 0 && db.Now().Sub(parseTS(oldest.String)) > journalStuckAfter {
		return &casework.Error{Code: casework.EUNAVAILABLE, Message: fmt.Sprintf(
			"閲覧の監査記録 %d 件を %d 分以上監査ログへ移せていません（%s）。kasane audit verify で原因を確認してください。", n, int(journalStuckAfter/time.Minute), j.path)}
	}
	return nil
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"sync"
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
// reads the audit log (the log page and API, verify, backup, retention), the
// events are moved into the municipality's hash chain in one write
// transaction of the database. That transaction also records how far the
// journal has been moved (audit_journal_merged), so a crash between moving
// and clearing the journal never appends an event twice. Writes are audited
// in their own transaction, as before; PostgreSQL has no journal.
//
// The journal is part of the database, like its -wal file: keep it beside
// the database and never delete it while it holds events.

// journalSuffix names the journal file after the database file.
const journalSuffix = "-audit"

// journalInterval is how often pending events are moved into the chain.
const journalInterval = time.Second

// journalBatch bounds the events moved in one transaction.
const journalBatch = 5000

const journalSchema = `CREATE TABLE IF NOT EXISTS journal_meta (one INTEGER PRIMARY KEY CHECK (one = 1), queue_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY AUTOINCREMENT, municipality_id TEXT NOT NULL, at TEXT NOT NULL,
	actor_id TEXT NOT NULL, actor_org_id TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL, object_type TEXT NOT NULL,
	object_id TEXT NOT NULL, reason TEXT NOT NULL, flagged INTEGER NOT NULL)`

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
}

// stopLoop ends journalLoop and waits for it.
func (j *auditJournal) stopLoop() {
	j.once.Do(func() { close(j.stop) })
	<-j.done
}

// openJournal opens (or creates) the journal of the database at path and
// starts moving its events into the chain every journalInterval.
func (db *DB) openJournal(path string) error {
	p := path + journalSuffix
	jdb, err := sql.Open("sqlite", "file:"+p+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
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
	db.journal = j
	go db.journalLoop(j)
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
			_ = db.flushJournal(ctx)
			cancel()
		}
	}
}

// closeJournal stops the loop, moves what is left (a crash leaves it for
// the next start) and closes the file.
func (db *DB) closeJournal() error {
	j := db.journal
	if j == nil {
		return nil
	}
	j.stopLoop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := db.flushJournal(ctx)
	if cerr := j.db.Close(); err == nil {
		err = cerr
	}
	db.journal = nil
	return err
}

// append makes events durable in the journal: one transaction.
func (j *auditJournal) append(ctx context.Context, events []pendingAudit) error {
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

// pending reads up to n events in journal order.
func (j *auditJournal) pending(ctx context.Context, n int) ([]journalEvent, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT seq, municipality_id, at, actor_id, actor_org_id, address, action, object_type, object_id, reason, flagged
		FROM pending ORDER BY seq LIMIT ?`, n)
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

// flushJournal moves every pending event of the journal into the chain.
// Whatever reads the audit log calls it first, so the log shows every read
// that has returned data.
func (db *DB) flushJournal(ctx context.Context) error {
	j := db.journal
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	for {
		evs, err := j.pending(ctx, journalBatch)
		if err != nil {
			return journalError(j, err)
		}
		if len(evs) == 0 {
			return nil
		}
		last := evs[len(evs)-1].seq
		if err := db.moveJournal(ctx, j.id, evs); err != nil {
			return journalError(j, err)
		}
		if _, err := j.db.ExecContext(ctx, "DELETE FROM pending WHERE seq <= ?", last); err != nil {
			return journalError(j, err)
		}
		if len(evs) < journalBatch {
			return nil
		}
	}
}

// moveJournal appends the journal events not moved before to their
// municipalities' chains and records the last one moved, in one transaction.
func (db *DB) moveJournal(ctx context.Context, queue string, evs []journalEvent) error {
	return db.inTx(ctx, true, "監査ログ", func(tx *Tx) error {
		tx.keepsNames = true
		var done int64
		err := tx.queryRow(ctx, "SELECT seq FROM audit_journal_merged WHERE queue_id = ?", queue).Scan(&done)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		byMuni := map[string][]pendingAudit{}
		var munis []string
		for _, e := range evs {
			if e.seq <= done {
				continue // moved before a crash cleared it from the journal
			}
			m := e.actor.MunicipalityID
			if _, ok := byMuni[m]; !ok {
				munis = append(munis, m)
			}
			byMuni[m] = append(byMuni[m], e.pendingAudit)
		}
		sort.Strings(munis)
		for _, m := range munis {
			if err := tx.appendAudit(ctx, m, byMuni[m]); err != nil {
				return err
			}
		}
		_, err = tx.exec(ctx, `INSERT INTO audit_journal_merged (queue_id, seq) VALUES (?, ?)
			ON CONFLICT (queue_id) DO UPDATE SET seq = excluded.seq`, queue, evs[len(evs)-1].seq)
		return err
	})
}

func journalError(j *auditJournal, err error) error {
	var ce *casework.Error
	if errors.As(err, &ce) {
		return err
	}
	return &casework.Error{Code: casework.EUNAVAILABLE,
		Message: fmt.Sprintf("閲覧の監査記録 (%s) を監査ログへ移せません。しばらくしてからもう一度お試しください (%v)", j.path, err)}
}

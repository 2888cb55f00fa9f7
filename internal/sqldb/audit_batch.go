package sqldb

import (
	"context"
	"sort"
	"sync"
	"time"

	"kasane/internal/casework"
)

// Group commit of the audit events of reads.
//
// A read runs in a read transaction, so reads do not queue behind the single
// writer (SQLite) or behind each other on the audit head row (PostgreSQL).
// Its audit events are then handed to the DB's audit queue. While one group
// is being written, the events of every request that arrives meanwhile
// gather in the next group, which is written as soon as the current one is
// done: one write transaction per municipality per group, however many
// requests it carries. Each request waits for its own group to commit before
// it returns data; if the group cannot be written, every read in it fails.
// Several processes on one PostgreSQL append in turn: each group locks the
// municipality's audit_heads row (FOR UPDATE) like any other audited write.

// pendingAudit is one audit event waiting to be appended to the chain.
type pendingAudit struct {
	actor casework.Actor
	rec   auditRecord
	at    time.Time
}

// auditGroup is the set of events committed together.
type auditGroup struct {
	events []pendingAudit
	done   chan struct{}
	errs   map[string]error // by municipality, set before done is closed
}

// auditQueue is the group-commit writer of one DB. The zero value is ready.
type auditQueue struct {
	mu      sync.Mutex
	next    *auditGroup // collecting; nil when nothing waits
	writing bool        // a goroutine is writing groups
}

// auditGroupTimeout bounds one group's write transaction. It does not depend
// on any one request's context: the group serves many requests.
const auditGroupTimeout = 30 * time.Second

// commit queues events and waits until they are durable.
func (q *auditQueue) commit(ctx context.Context, db *DB, events []pendingAudit) error {
	q.mu.Lock()
	if q.next == nil {
		q.next = &auditGroup{done: make(chan struct{})}
	}
	g := q.next
	g.events = append(g.events, events...)
	if !q.writing {
		q.writing = true
		go q.drain(db)
	}
	q.mu.Unlock()
	select {
	case <-g.done:
		for _, e := range events {
			if err := g.errs[e.actor.MunicipalityID]; err != nil {
				return auditFailed(err)
			}
		}
		return nil
	case <-ctx.Done():
		// the events may still be written; the data is not handed out
		return auditFailed(ctx.Err())
	}
}

// drain writes groups until none is waiting.
func (q *auditQueue) drain(db *DB) {
	for {
		q.mu.Lock()
		g := q.next
		q.next = nil
		if g == nil {
			q.writing = false
			q.mu.Unlock()
			return
		}
		q.mu.Unlock()
		g.errs = db.writeAuditGroup(g.events)
		close(g.done)
	}
}

// writeAuditGroup appends the events, one transaction per municipality so
// that one municipality's failure does not fail another's reads. On SQLite
// the group goes to the journal instead, in one transaction
// (audit_journal.go).
func (db *DB) writeAuditGroup(events []pendingAudit) map[string]error {
	if db.journal != nil {
		ctx, cancel := context.WithTimeout(context.Background(), auditGroupTimeout)
		defer cancel()
		errs := map[string]error{}
		if err := db.appendJournal(ctx, events); err != nil {
			for _, e := range events {
				errs[e.actor.MunicipalityID] = err
			}
		}
		return errs
	}
	byMuni := map[string][]pendingAudit{}
	var munis []string
	for _, e := range events {
		m := e.actor.MunicipalityID
		if _, ok := byMuni[m]; !ok {
			munis = append(munis, m)
		}
		byMuni[m] = append(byMuni[m], e)
	}
	sort.Strings(munis)
	ctx, cancel := context.WithTimeout(context.Background(), auditGroupTimeout)
	defer cancel()
	errs := map[string]error{}
	for _, m := range munis {
		err := db.inTx(ctx, true, "監査ログ", func(tx *Tx) error {
			tx.keepsNames = true
			return tx.appendAudit(ctx, m, byMuni[m])
		})
		if err != nil {
			errs[m] = err
		}
	}
	return errs
}

// auditFailed is the error of a read whose audit event could not be made
// durable: the data is withheld.
func auditFailed(err error) error {
	if ce, ok := mapError(err, "監査ログ").(*casework.Error); ok && ce.Code == casework.EUNAVAILABLE {
		return ce
	}
	return &casework.Error{Code: casework.EUNAVAILABLE, Message: "監査記録を保存できなかったため、表示できません。しばらくしてからもう一度お試しください。"}
}

package sqldb

import (
	"context"
	"sync"
	"time"
)

// touchDelay is how long a session's new last_seen_at may wait in memory
// before it is written with the others of that moment.
const touchDelay = time.Second

// touchQueue holds the moments sessions were last seen that are not yet
// written (issue 24). Writing each on its own was a write transaction per
// user every 30 s (33 a second with 1,000 users), and on SQLite every
// commit makes every reader read its pages again; written together it is
// one transaction a second. A session's pending moment counts in
// Session's timeout checks as if it were written: it is a request of that
// session this process accepted. A moment lost in a crash only makes the
// session look idle up to touchDelay+30 s earlier than it was (it ends
// sooner, never later). Ending a session is not delayed.
type touchQueue struct {
	mu        sync.Mutex
	pending   map[string]time.Time // id hash → last seen, not yet written
	scheduled bool
}

// seen returns the pending moment of a session, if any. Read it before the
// transaction that reads last_seen_at: an entry leaves the queue only
// after its write committed, so the two together never miss it.
func (q *touchQueue) seen(idHash string) (time.Time, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	t, ok := q.pending[idHash]
	return t, ok
}

// touch queues at as the session's last seen and makes sure a write follows.
func (db *DB) touch(idHash string, at time.Time) {
	q := &db.touches
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pending == nil {
		q.pending = map[string]time.Time{}
	}
	if at.After(q.pending[idHash]) {
		q.pending[idHash] = at
	}
	if !q.scheduled {
		q.scheduled = true
		time.AfterFunc(touchDelay, func() { _ = db.flushTouches(context.Background()) })
	}
}

// flushTouches writes the pending moments in one write transaction. On
// failure they stay and are tried again after touchDelay.
func (db *DB) flushTouches(ctx context.Context) error {
	q := &db.touches
	q.mu.Lock()
	batch := make(map[string]time.Time, len(q.pending))
	for id, at := range q.pending {
		batch[id] = at
	}
	q.scheduled = false
	q.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := db.inTx(ctx, true, "セッション", func(tx *Tx) error {
		tx.keepsNames = true
		for id, at := range batch {
			if _, err := tx.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND ended_at = '' AND last_seen_at < ?", ts(at), id, ts(at)); err != nil {
				return err
			}
		}
		return nil
	})
	q.mu.Lock()
	defer q.mu.Unlock()
	if err != nil {
		if !q.scheduled && !db.closing.Load() {
			q.scheduled = true
			time.AfterFunc(touchDelay, func() { _ = db.flushTouches(context.Background()) })
		}
		return err
	}
	for id, at := range batch {
		if q.pending[id].Equal(at) { // not seen again meanwhile
			delete(q.pending, id)
		}
	}
	return nil
}

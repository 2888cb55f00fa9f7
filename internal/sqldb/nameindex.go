package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"runtime"
	"sync"
	"time"
	"unsafe"
	"weak"

	"kasane/internal/nameindex"
)

// The in-process name index is a cache of persons.name_key and kana_key.
// Triggers on persons append every key change to name_index_log in the
// writing transaction (migration 0007), whatever code made the change; each
// search first applies the log rows it has not seen, so a change committed
// through any server is found by the next search on every server.
//
// SQLite has one writer, so log rows commit in seq order and the mark is the
// last seq applied. On PostgreSQL rows may commit out of seq order; the mark
// is the oldest transaction still running at the last read
// (pg_snapshot_xmin), and every row written by a transaction at or above it
// is read again (applying a row twice is harmless: the current keys are
// loaded from persons).
//
// Searches do not each read the log. A sync is shared by every search that
// arrives while it runs (single flight, outside the lock searches take), and
// is skipped when the last one started less than nameSyncEvery ago and no
// write transaction has committed through this DB since: a change made
// through this process is found by the next search, a change made through
// another server within nameSyncEvery.
type nameCache struct {
	mu     sync.Mutex // guards the fields below
	loaded bool
	mark   int64
	// last is a log row the index has applied (or the newest row when it
	// was built): a snapshot names it, so that one taken from another
	// database or before a restore is told apart (nameindex_snapshot.go).
	last   logRow
	byMuni map[string]*nameindex.Index
	// applied counts the log rows applied since the index was loaded;
	// snap is what the last snapshot written or read covered.
	applied int
	snap    snapState
	// snapSetting is KASANE_NAME_INDEX_SNAPSHOT (SetNameIndexSnapshot);
	// logger hears what became of a snapshot (never a name).
	snapSetting string
	logger      *slog.Logger
	// load says how the index was last loaded (NameIndexLoadInfo).
	load NameIndexLoad
	// syncing is closed when the running sync ends; nil when none runs.
	syncing chan struct{}
	// syncedWrites and syncedAt are db.writes and the time when the last
	// successful sync started.
	syncedWrites uint64
	syncedAt     time.Time
	// alts counts the extra name documents (former names) of each person
	// that has any (juki_names.go).
	alts map[string]int
}

// nameSyncEvery bounds how stale the index may be for changes committed
// through another process.
const nameSyncEvery = 200 * time.Millisecond

// nameCaches holds one cache per open DB without keeping the DB alive.
var nameCaches sync.Map // weak.Pointer[DB] → *nameCache

// reloadAfter is the number of pending log rows above which the index is
// rebuilt from persons rather than patched (after a bulk import).
const reloadAfter = 50000

func (db *DB) names() *nameCache {
	k := weak.Make(db)
	if v, ok := nameCaches.Load(k); ok {
		return v.(*nameCache)
	}
	v, loaded := nameCaches.LoadOrStore(k, &nameCache{byMuni: map[string]*nameindex.Index{}})
	if !loaded {
		runtime.AddCleanup(db, func(k weak.Pointer[DB]) { nameCaches.Delete(k) }, k)
	}
	return v.(*nameCache)
}

// NameIndex returns the municipality's name index, up to date with every
// change committed through this DB before the call and with every change
// committed elsewhere more than nameSyncEvery ago.
func (db *DB) NameIndex(ctx context.Context, muni string) (*nameindex.Index, error) {
	c, err := db.syncedNames(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.index(muni), nil
}

// syncedNames brings the name cache up to date as NameIndex promises.
func (db *DB) syncedNames(ctx context.Context) (*nameCache, error) {
	c := db.names()
	writes, start := db.writes.Load(), time.Now()
	for {
		c.mu.Lock()
		if c.loaded && c.syncedWrites >= writes && start.Sub(c.syncedAt) < nameSyncEvery {
			c.mu.Unlock()
			return c, nil
		}
		if ch := c.syncing; ch != nil {
			// a sync is running: wait for it, then check whether it started
			// late enough to serve this call
			c.mu.Unlock()
			select {
			case <-ch:
				continue
			case <-ctx.Done():
				return nil, mapError(ctx.Err(), "検索索引")
			}
		}
		ch := make(chan struct{})
		c.syncing = ch
		w, at := db.writes.Load(), time.Now()
		c.mu.Unlock()
		err := db.syncNames(ctx, c)
		c.mu.Lock()
		c.syncing = nil
		if err == nil {
			c.syncedWrites, c.syncedAt = w, at
		}
		close(ch)
		c.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
}

// WarmNameIndex loads the name index of every municipality now, so that the
// first search after a start does not wait for it; searches that arrive
// meanwhile share the load. It reads the snapshot and the log rows written
// since when there is a valid one (nameindex_snapshot.go), else every
// person.
func (db *DB) WarmNameIndex(ctx context.Context) error {
	c := db.names()
	c.mu.Lock()
	loaded := c.loaded
	c.mu.Unlock()
	if loaded {
		return nil
	}
	_, err := db.syncedNames(ctx)
	return err
}

// syncNames applies the log rows not yet applied. Only one runs at a time
// (NameIndex), so it reads c.mark and c.loaded without the lock; it takes
// the lock to change them.
func (db *DB) syncNames(ctx context.Context, c *nameCache) error {
	if !c.loaded {
		t0 := time.Now()
		var err error
		if db.loadNameSnapshot(ctx, c) {
			err = db.syncNames(ctx, c) // the rows written since, as any later sync
		} else {
			err = db.reloadNames(ctx, c)
		}
		if err == nil {
			c.mu.Lock()
			c.load.Took = time.Since(t0)
			if c.load.From == "snapshot" { // not rebuilt for too many changes
				c.load.Delta = c.applied
			}
			c.mu.Unlock()
		}
		return err
	}
	reload := false
	err := db.inTx(ctx, false, "検索索引", func(tx *Tx) error {
		mark, err := tx.logMark(ctx)
		if err != nil {
			return err
		}
		q := `SELECT l.seq, l.municipality_id, l.person_id, COALESCE(p.name_key, ''), COALESCE(p.kana_key, ''), COALESCE(p.identified, 0), l.created_at
			FROM name_index_log l LEFT JOIN persons p ON p.id = l.person_id WHERE `
		if db.dialect == Postgres {
			q += "l.txid >= ?"
		} else {
			q += "l.seq > ?"
		}
		rows, err := tx.query(ctx, q+" ORDER BY l.seq LIMIT "+itoa(reloadAfter+1), c.mark)
		if err != nil {
			return err
		}
		defer rows.Close()
		type change struct {
			seq                  int64
			muni, id, name, kana string
		}
		var changes []change
		var last int64
		var lastRow logRow
		for rows.Next() {
			var ch change
			var ident int
			if err := rows.Scan(&last, &ch.muni, &ch.id, &ch.name, &ch.kana, &ident, &lastRow.Created); err != nil {
				return err
			}
			ch.seq = last
			lastRow.Seq, lastRow.Person = last, ch.id
			if ident != 1 {
				ch.name = ""
			}
			changes = append(changes, ch)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(changes) > reloadAfter {
			reload = true
			return nil
		}
		ids := make([]string, 0, len(changes))
		for _, ch := range changes {
			ids = append(ids, ch.id)
		}
		alts, err := tx.altNamesOf(ctx, ids) // juki_names.go
		if err != nil {
			return err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, ch := range changes {
			c.index(ch.muni).Put(ch.id, ch.name, ch.kana)
			c.putAlts(c.index(ch.muni), ch.id, alts[ch.id])
		}
		if db.dialect == Postgres {
			c.mark = mark
		} else if len(changes) > 0 {
			c.mark = last
		}
		// applied counts rows not seen before (PostgreSQL reads some again)
		for _, ch := range changes {
			if ch.seq > c.last.Seq {
				c.applied++
			}
		}
		if len(changes) > 0 && lastRow.Seq > c.last.Seq {
			c.last = lastRow
		}
		return nil
	})
	if err != nil {
		return err
	}
	if reload {
		return db.reloadNames(ctx, c)
	}
	return nil
}

// index is the municipality's index; c.mu is held.
func (c *nameCache) index(muni string) *nameindex.Index {
	idx := c.byMuni[muni]
	if idx == nil {
		idx = nameindex.New()
		c.byMuni[muni] = idx
	}
	return idx
}

// logMark is where the next read of the log starts: the last seq (SQLite)
// or the oldest running transaction (PostgreSQL).
func (t *Tx) logMark(ctx context.Context) (int64, error) {
	var m sql.NullInt64
	q := "SELECT MAX(seq) FROM name_index_log"
	if t.dialect == Postgres {
		q = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
	}
	err := t.queryRow(ctx, q).Scan(&m)
	return m.Int64, err
}

// reloadNames rebuilds every municipality's index from persons.
func (db *DB) reloadNames(ctx context.Context, c *nameCache) error {
	return db.inTx(ctx, false, "検索索引", func(tx *Tx) error {
		mark, err := tx.logMark(ctx)
		if err != nil {
			return err
		}
		last, err := tx.newestLogRow(ctx)
		if err != nil {
			return err
		}
		alts, err := tx.allFormerNames(ctx) // juki_names.go: former names and 旧姓 are extra documents
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, "SELECT municipality_id, id, name_key, kana_key, identified, maiden_name, given_name FROM persons")
		if err != nil {
			return err
		}
		defer rows.Close()
		// the keys go straight into each municipality's arrays (the
		// builder copies them out of the driver's buffers)
		builders := map[string]*nameindex.Builder{}
		var muni, id, name, kana, maiden, given sql.RawBytes
		var ident int
		for rows.Next() {
			if err := rows.Scan(&muni, &id, &name, &kana, &ident, &maiden, &given); err != nil {
				return err
			}
			b := builders[string(muni)]
			if b == nil {
				b = nameindex.NewBuilder()
				builders[string(muni)] = b
			}
			n := unsafe.String(unsafe.SliceData(name), len(name))
			if ident != 1 {
				n = ""
			} else if len(maiden) > 0 {
				m := string(muni)
				if alts[m] == nil {
					alts[m] = altNames{}
				}
				alts[m].add(string(id), maidenDoc(string(maiden), string(given)), "")
			}
			b.Add(unsafe.String(unsafe.SliceData(id), len(id)), n, unsafe.String(unsafe.SliceData(kana), len(kana)))
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// the extra name documents after the persons, in the same build
		counts := map[string]int{}
		for m, persons := range alts {
			b := builders[m]
			if b == nil {
				b = nameindex.NewBuilder()
				builders[m] = b
			}
			for person, docs := range persons {
				for i, d := range docs {
					b.Add(nameindex.AltID(person, i), d.name, d.kana)
				}
				counts[person] = len(docs)
			}
		}
		byMuni := make(map[string]*nameindex.Index, len(builders))
		for m, b := range builders {
			byMuni[m] = b.Index()
		}
		c.mu.Lock()
		c.byMuni, c.mark, c.last, c.loaded, c.alts = byMuni, mark, last, true, counts
		c.applied, c.snap = 0, snapState{}
		c.load.From = "database"
		c.mu.Unlock()
		return nil
	})
}

// logRow is one row of name_index_log, as a snapshot names it.
type logRow struct {
	Seq     int64  `json:"seq"`
	Person  string `json:"person"`
	Created string `json:"created"`
}

// newestLogRow is the row of name_index_log with the highest seq (zero
// when the log is empty).
func (t *Tx) newestLogRow(ctx context.Context) (logRow, error) {
	var r logRow
	err := t.queryRow(ctx, "SELECT seq, person_id, created_at FROM name_index_log ORDER BY seq DESC LIMIT 1").Scan(&r.Seq, &r.Person, &r.Created)
	if errors.Is(err, sql.ErrNoRows) {
		return logRow{}, nil
	}
	return r, err
}

package sqldb

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kasane/internal/nameindex"
)

// Snapshots of the name index (issue 24). Building the index reads every
// person: 16–23 s at a million persons, while searches wait. A snapshot is
// the index written out with the point of name_index_log it covers; a start
// reads it and applies the log rows written since (every write path of
// persons leaves one, deletions included: migration 0039), exactly as a
// running server catches up, so a search after a start from a snapshot
// finds what one after a full build finds.
//
// Where (KASANE_NAME_INDEX_SNAPSHOT, SetNameIndexSnapshot): SQLite keeps it
// in a file beside the database (kasane.db-nameindex, mode 0600, replaced
// by rename); PostgreSQL in the table name_index_snapshot, so that every
// server of a pair reads it; "db" puts it in the table on SQLite too, a
// path in that file, "off" turns snapshots off.
//
// Which snapshot is used: one whose checksum holds (nameindex.ReadSnapshot),
// from the same kind of database, whose log row is still in the log with
// the same person and time (a snapshot of another database, or one taken
// before the database was restored from a backup, is not), and, on
// PostgreSQL, whose mark is not past the oldest running transaction (a
// restored cluster whose transaction ids start lower). Any other is
// ignored with a log line that names no person, and the index is built
// from persons. A snapshot is written again in the background
// (KeepNameIndexSnapshot) after a start that did not come from one, and
// then after every snapshotAfter changes, or hourly if anything changed.

// NameIndexLoad says how the name index was loaded.
type NameIndexLoad struct {
	From    string        // "snapshot" or "database"
	Delta   int           // log rows applied after reading the snapshot
	Took    time.Duration // until the index answered
	Ignored string        // why a snapshot found was not used ("" if none)
	Where   string        // where snapshots are kept ("" when off)
}

// snapState is what the last snapshot written or read covered.
type snapState struct {
	valid   bool      // a snapshot of this index exists
	applied int       // nameCache.applied when it was taken
	at      time.Time // when it was written
}

// snapMeta is the caller's part of a snapshot (no personal data: a
// person id, a time and counts).
type snapMeta struct {
	Dialect string    `json:"dialect"`
	Mark    int64     `json:"mark"`
	Last    logRow    `json:"last"`
	Written time.Time `json:"written"`
	Persons int       `json:"persons"`
}

// snapshotAfter and snapshotEvery: a new snapshot after that many changes,
// or after that long if anything changed.
var snapshotAfter = 10000

const snapshotEvery = time.Hour

// SetNameIndexSnapshot says where snapshots are kept ("": the default,
// "db", "off" or a file path) and where to report what became of them
// (log may be nil).
func (db *DB) SetNameIndexSnapshot(setting string, log *slog.Logger) error {
	if setting != "" && setting != "off" && setting != "db" {
		if st, err := os.Stat(filepath.Dir(setting)); err != nil || !st.IsDir() {
			return fmt.Errorf("KASANE_NAME_INDEX_SNAPSHOT: フォルダ %s がありません", filepath.Dir(setting))
		}
	}
	c := db.names()
	c.mu.Lock()
	c.snapSetting, c.logger = setting, log
	c.mu.Unlock()
	return nil
}

// snapStore keeps one snapshot.
type snapStore interface {
	where() string
	// read calls fn with the snapshot; fs.ErrNotExist when there is none.
	read(ctx context.Context, fn func(r io.Reader, size int64) error) error
	// write replaces the snapshot with what fn writes, all or nothing.
	write(ctx context.Context, fn func(w io.Writer) error) error
	remove(ctx context.Context) error
}

func (db *DB) snapStore(setting string) snapStore {
	switch {
	case setting == "off":
		return nil
	case setting == "db" || setting == "" && db.dialect == Postgres:
		return tableStore{db}
	case setting == "":
		return fileStore{db.dsn + "-nameindex"}
	}
	return fileStore{setting}
}

func (c *nameCache) log(level slog.Level, msg string, args ...any) {
	c.mu.Lock()
	l := c.logger
	c.mu.Unlock()
	if l != nil {
		l.Log(context.Background(), level, msg, args...)
	}
}

// RemoveNameIndexSnapshot deletes the snapshot, if any: the next start
// builds the index from persons (and writes a new one).
func (db *DB) RemoveNameIndexSnapshot(ctx context.Context) error {
	c := db.names()
	c.mu.Lock()
	st := db.snapStore(c.snapSetting)
	c.snap = snapState{}
	c.mu.Unlock()
	if st == nil {
		return nil
	}
	return st.remove(ctx)
}

// NameIndexSnapshotStale asks for a new snapshot at the next round of
// KeepNameIndexSnapshot (within a minute in kasane serve): to be called
// when persons were anonymized or deleted, so that their former names do
// not stay on disk in the old snapshot for up to snapshotEvery.
func (db *DB) NameIndexSnapshotStale() {
	c := db.names()
	c.mu.Lock()
	c.snap.valid = false
	c.mu.Unlock()
}

// NameIndexSnapshotSize is the size of the snapshot in bytes.
func (db *DB) NameIndexSnapshotSize(ctx context.Context) (int64, error) {
	c := db.names()
	c.mu.Lock()
	st := db.snapStore(c.snapSetting)
	c.mu.Unlock()
	if st == nil {
		return 0, nil
	}
	var size int64
	err := st.read(ctx, func(_ io.Reader, n int64) error {
		size = n
		return nil
	})
	return size, err
}

// NameIndexLoadInfo says how the name index was last loaded.
func (db *DB) NameIndexLoadInfo() NameIndexLoad {
	c := db.names()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.load
}

// loadNameSnapshot loads the snapshot into c if there is a valid one.
func (db *DB) loadNameSnapshot(ctx context.Context, c *nameCache) bool {
	c.mu.Lock()
	st := db.snapStore(c.snapSetting)
	c.load = NameIndexLoad{}
	c.mu.Unlock()
	if st == nil {
		return false
	}
	ignore := func(why string) bool {
		c.mu.Lock()
		c.load.Ignored, c.load.Where = why, st.where()
		c.mu.Unlock()
		c.log(slog.LevelWarn, "name index snapshot ignored; building the index from the database", "where", st.where(), "reason", why)
		return false
	}
	var meta snapMeta
	var names []string
	var xs []*nameindex.Index
	err := st.read(ctx, func(r io.Reader, size int64) error {
		m, ns, is, err := nameindex.ReadSnapshot(r, size)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(m, &meta); err != nil {
			return fmt.Errorf("%w: metadata", nameindex.ErrCorrupt)
		}
		names, xs = ns, is
		return nil
	})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c.mu.Lock()
		c.load.Where = st.where()
		c.mu.Unlock()
		return false
	case errors.Is(err, nameindex.ErrCorrupt):
		return ignore(err.Error())
	case err != nil:
		return ignore("cannot be read: " + err.Error())
	}
	persons := 0
	for _, x := range xs {
		persons += x.Len()
	}
	if why, err := db.snapshotForeign(ctx, meta, persons); err != nil {
		return ignore("cannot be checked: " + err.Error())
	} else if why != "" {
		return ignore(why)
	}
	byMuni := make(map[string]*nameindex.Index, len(names))
	alts := map[string]int{}
	for i, n := range names {
		byMuni[n] = xs[i]
		xs[i].CountAlts(alts) // juki_names.go keeps how many extra name documents each person has
	}
	c.mu.Lock()
	c.byMuni, c.mark, c.last, c.loaded, c.alts = byMuni, meta.Mark, meta.Last, true, alts
	c.applied, c.snap = 0, snapState{valid: true, at: meta.Written}
	c.load.From, c.load.Where = "snapshot", st.where()
	c.mu.Unlock()
	return true
}

// snapshotForeign says why a snapshot does not belong to this database as
// it is now ("" when it does).
func (db *DB) snapshotForeign(ctx context.Context, meta snapMeta, persons int) (string, error) {
	if meta.Dialect != string(db.dialect) {
		return "taken from another kind of database", nil
	}
	why := ""
	err := db.inSnapshot(ctx, "検索索引", func(tx *Tx) error {
		if meta.Last.Seq == 0 {
			if persons > 0 {
				why = "names no change log row"
			}
			return nil
		}
		if db.dialect == SQLite && meta.Mark != meta.Last.Seq {
			why = "mark and log row disagree"
			return nil
		}
		var person, created string
		err := tx.queryRow(ctx, "SELECT person_id, created_at FROM name_index_log WHERE seq = ?", meta.Last.Seq).Scan(&person, &created)
		if errors.Is(err, sql.ErrNoRows) || err == nil && (person != meta.Last.Person || created != meta.Last.Created) {
			why = "taken from another database or before a restore (its change log row differs)"
			return nil
		}
		if err != nil {
			return err
		}
		if db.dialect == Postgres {
			xmin, err := tx.logMark(ctx)
			if err != nil {
				return err
			}
			if meta.Mark > xmin {
				why = "taken from another database or before a restore (transaction ids)"
			}
		}
		return nil
	})
	return why, err
}

// SaveNameIndexSnapshot writes a snapshot of the name index as it is now
// (loading it first if needed).
func (db *DB) SaveNameIndexSnapshot(ctx context.Context) error {
	c, err := db.syncedNames(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	st := db.snapStore(c.snapSetting)
	if st == nil {
		c.mu.Unlock()
		return errors.New("name index snapshots are off")
	}
	// the indexes and the mark at one moment: syncs change both under c.mu
	meta := snapMeta{Dialect: string(db.dialect), Mark: c.mark, Last: c.last, Written: time.Now().UTC()}
	var names []string
	var frozen []*nameindex.Frozen
	for m, x := range c.byMuni {
		if x.Len() == 0 {
			continue
		}
		names = append(names, m)
		f := x.Freeze()
		frozen = append(frozen, f)
		meta.Persons += f.Len()
	}
	applied := c.applied
	c.mu.Unlock()
	mb, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	if err := st.write(ctx, func(w io.Writer) error { return nameindex.WriteSnapshot(w, mb, names, frozen) }); err != nil {
		return err
	}
	c.mu.Lock()
	c.snap = snapState{valid: true, applied: applied, at: meta.Written}
	c.mu.Unlock()
	return nil
}

// KeepNameIndexSnapshot checks every interval, until ctx ends, whether the
// snapshot is missing or stale and writes a new one if so (kasane serve
// runs it in the background).
func (db *DB) KeepNameIndexSnapshot(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if due, err := db.nameSnapshotDue(ctx); err == nil && due {
			t0 := time.Now()
			c := db.names()
			if err := db.SaveNameIndexSnapshot(ctx); err != nil {
				if ctx.Err() == nil {
					c.log(slog.LevelWarn, "name index snapshot not written", "err", err.Error())
				}
			} else {
				c.log(slog.LevelInfo, "name index snapshot written", "seconds", time.Since(t0).Seconds())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// nameSnapshotDue brings the index up to date and says whether a snapshot
// should be written: none valid, snapshotAfter changes since the last, or
// any change and snapshotEvery since.
func (db *DB) nameSnapshotDue(ctx context.Context) (bool, error) {
	c, err := db.syncedNames(ctx)
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if db.snapStore(c.snapSetting) == nil {
		return false, nil
	}
	pending := c.applied - c.snap.applied
	return !c.snap.valid || pending >= snapshotAfter || pending > 0 && time.Since(c.snap.at) >= snapshotEvery, nil
}

// fileStore keeps the snapshot in a file, readable by the server's user
// alone.
type fileStore struct{ path string }

func (f fileStore) where() string { return f.path }

func (f fileStore) read(ctx context.Context, fn func(r io.Reader, size int64) error) error {
	file, err := os.Open(f.path)
	if err != nil {
		return err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return err
	}
	return fn(file, st.Size())
}

func (f fileStore) write(ctx context.Context, fn func(w io.Writer) error) error {
	dir := filepath.Dir(f.path)
	// a write cut short by a crash leaves its temporary file: names and
	// readings, not to be left lying about
	if ents, err := os.ReadDir(dir); err == nil {
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), "."+filepath.Base(f.path)+".tmp-") {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.path)+".tmp-*") // mode 0600
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(&ctxWriter{ctx, tmp}, 1<<20)
	if err := fn(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		return err
	}
	ok = true
	return syncDir(dir)
}

func (f fileStore) remove(context.Context) error {
	if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// ctxWriter stops a long write when ctx ends (a server shutting down).
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c *ctxWriter) Write(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(b)
}

// tableStore keeps the snapshot in name_index_snapshot, in parts.
type tableStore struct{ db *DB }

func (tableStore) where() string { return "table name_index_snapshot" }

// snapPart is the size of one row of name_index_snapshot.
const snapPart = 4 << 20

func (s tableStore) read(ctx context.Context, fn func(r io.Reader, size int64) error) error {
	return s.db.inSnapshot(ctx, "検索索引", func(tx *Tx) error {
		var parts, size int64
		if err := tx.queryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM name_index_snapshot").Scan(&parts, &size); err != nil {
			return err
		}
		if parts == 0 {
			return fs.ErrNotExist
		}
		rows, err := tx.query(ctx, "SELECT data FROM name_index_snapshot ORDER BY part")
		if err != nil {
			return err
		}
		defer rows.Close()
		return fn(&partReader{rows: rows}, size)
	})
}

func (s tableStore) remove(ctx context.Context) error {
	return s.db.inTx(ctx, true, "検索索引", func(tx *Tx) error {
		tx.keepsNames = true
		_, err := tx.exec(ctx, "DELETE FROM name_index_snapshot")
		return err
	})
}

// partReader reads the parts of a snapshot one row after another.
type partReader struct {
	rows *sql.Rows
	cur  sql.RawBytes
}

func (p *partReader) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if !p.rows.Next() {
			if err := p.rows.Err(); err != nil {
				return 0, err
			}
			return 0, io.EOF
		}
		if err := p.rows.Scan(&p.cur); err != nil {
			return 0, err
		}
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

func (s tableStore) write(ctx context.Context, fn func(w io.Writer) error) error {
	return s.db.inTx(ctx, true, "検索索引", func(tx *Tx) error {
		tx.keepsNames = true
		if s.db.dialect == Postgres {
			// one writer at a time among the servers
			if _, err := tx.exec(ctx, "LOCK TABLE name_index_snapshot IN EXCLUSIVE MODE"); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "DELETE FROM name_index_snapshot"); err != nil {
			return err
		}
		pw := &partWriter{ctx: ctx, tx: tx, buf: make([]byte, 0, snapPart)}
		if err := fn(pw); err != nil {
			return err
		}
		return pw.flush()
	})
}

// partWriter writes a snapshot as rows of snapPart bytes.
type partWriter struct {
	ctx  context.Context
	tx   *Tx
	buf  []byte
	part int
}

func (p *partWriter) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		k := min(len(b), snapPart-len(p.buf))
		p.buf = append(p.buf, b[:k]...)
		b = b[k:]
		if len(p.buf) == snapPart {
			if err := p.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (p *partWriter) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	if _, err := p.tx.exec(p.ctx, "INSERT INTO name_index_snapshot (part, data) VALUES (?, ?)", p.part, p.buf); err != nil {
		return err
	}
	p.part++
	p.buf = p.buf[:0]
	return nil
}

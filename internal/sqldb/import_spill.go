package sqldb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"

	"kasane/internal/dedupe"
)

// spillAt is the number of accepted rows of a file the within-file check
// keeps in memory (about 300 bytes each); beyond it the rows go to a
// temporary SQLite file, so that the import's memory stays flat however
// large the file.
var spillAt = 100000

// fileSpill is the within-file index on disk: every blocking key of every
// accepted row with the row's packed comparison keys, in a throwaway
// database (no journal, no fsync) removed at the end of the import.
type fileSpill struct {
	dir  string
	db   *sql.DB
	tx   *sql.Tx
	ins  *sql.Stmt
	sel  *sql.Stmt
	rows int32
}

func newFileSpill(ctx context.Context) (*fileSpill, error) {
	dir, err := os.MkdirTemp("", "kasane-import-")
	if err != nil {
		return nil, err
	}
	s := &fileSpill{dir: dir}
	fail := func(err error) (*fileSpill, error) { s.close(); return nil, err }
	s.db, err = sql.Open("sqlite", "file:"+filepath.Join(dir, "rows.db")+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-32768)")
	if err != nil {
		return fail(err)
	}
	s.db.SetMaxOpenConns(1)
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE k (key INTEGER NOT NULL, row INTEGER NOT NULL, line INTEGER NOT NULL, packed TEXT NOT NULL, PRIMARY KEY (key, row)) WITHOUT ROWID"); err != nil {
		return fail(err)
	}
	if s.tx, err = s.db.BeginTx(ctx, nil); err != nil {
		return fail(err)
	}
	if s.ins, err = s.tx.PrepareContext(ctx, "INSERT OR IGNORE INTO k (key, row, line, packed) VALUES (?, ?, ?, ?)"); err != nil {
		return fail(err)
	}
	if s.sel, err = s.tx.PrepareContext(ctx, "SELECT row, line, packed FROM k WHERE key = ? ORDER BY row DESC LIMIT ?"); err != nil {
		return fail(err)
	}
	return s, nil
}

func (s *fileSpill) close() {
	if s.tx != nil {
		_ = s.tx.Rollback()
	}
	if s.db != nil {
		_ = s.db.Close()
	}
	_ = os.RemoveAll(s.dir)
}

// add puts the packed record p of file line line under its blocking keys.
func (s *fileSpill) add(ctx context.Context, keys []uint64, line int32, p string) error {
	for _, k := range keys {
		if _, err := s.ins.ExecContext(ctx, int64(k), s.rows, line, p); err != nil {
			return err
		}
	}
	s.rows++
	return nil
}

// pairs is fileIndex.pairs on disk; B is the line of the earlier row.
func (s *fileSpill) pairs(ctx context.Context, r dedupe.Record, th dedupe.Thresholds, seen map[int32]bool, out []dedupe.Pair) ([]dedupe.Pair, error) {
	for _, k := range dedupe.BlockKeys(r) {
		rows, err := s.sel.QueryContext(ctx, int64(k), dedupe.MaxBlock+1)
		if err != nil {
			return nil, err
		}
		type cand struct {
			row, line int32
			packed    string
		}
		var cs []cand
		for rows.Next() {
			var c cand
			if err := rows.Scan(&c.row, &c.line, &c.packed); err != nil {
				rows.Close()
				return nil, err
			}
			cs = append(cs, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(cs) > dedupe.MaxBlock {
			continue
		}
		for _, c := range cs {
			if seen[c.row] {
				continue
			}
			seen[c.row] = true
			if sc, why := dedupe.Score(r, unpack(c.packed)); sc >= th.Review {
				out = append(out, dedupe.Pair{A: -1, B: c.line, Score: sc, Reasons: why})
			}
		}
	}
	return out, nil
}

// fileRows is the within-file index: in memory up to spillAt rows, then
// all of it on disk.
type fileRows struct {
	mem   *fileIndex
	spill *fileSpill
}

func newFileRows() *fileRows { return &fileRows{mem: newFileIndex()} }

func (f *fileRows) close() {
	if f.spill != nil {
		f.spill.close()
	}
}

// pairs scores r against the earlier rows sharing a blocking key with it
// and returns those at or above th.Review, best first, B being the line.
func (f *fileRows) pairs(ctx context.Context, r dedupe.Record, th dedupe.Thresholds) ([]dedupe.Pair, error) {
	if f.spill == nil {
		ps := f.mem.pairs(r, th)
		for i := range ps {
			ps[i].B = f.mem.rows[ps[i].B]
		}
		return ps, nil
	}
	out, err := f.spill.pairs(ctx, r, th, map[int32]bool{}, nil)
	sortPairs(out)
	return out, err
}

// add puts r, the record of file line line, moving the index to disk when
// it reaches spillAt rows.
func (f *fileRows) add(ctx context.Context, r dedupe.Record, line int) error {
	if f.spill == nil && len(f.mem.packed) < spillAt {
		f.mem.add(r, line)
		return nil
	}
	if f.spill == nil {
		s, err := newFileSpill(ctx)
		if err != nil {
			return err
		}
		f.spill = s
		for i, p := range f.mem.packed {
			if err := s.add(ctx, dedupe.BlockKeys(unpack(p)), f.mem.rows[i], p); err != nil {
				return err
			}
		}
		f.mem = nil
	}
	return f.spill.add(ctx, dedupe.BlockKeys(r), int32(line), pack(r))
}

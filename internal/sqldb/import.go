package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"sort"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
)

// ImportRow is one data row of an import file: the person as read and the
// problems already found while reading it (wrong column count, bad value).
type ImportRow struct {
	Row      int // 1-based line of the file, the header being line 1
	Person   casework.Person
	Problems []ImportProblem
}

// ImportProblem is why a row cannot be imported.
type ImportProblem struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ImportDuplicate flags a row that may be a person already registered.
type ImportDuplicate struct {
	Row      int      `json:"row"`
	PersonID string   `json:"person_id"`
	Score    int      `json:"score"`
	Reasons  []string `json:"reasons"`
}

// ImportResult reports an import.
type ImportResult struct {
	Rows       int               `json:"rows"`
	Imported   int               `json:"imported"`
	Problems   []ImportProblem   `json:"problems"`
	Duplicates []ImportDuplicate `json:"duplicates"`
}

// ErrImportRejected is returned (with the result) when any row is bad:
// nothing is imported.
var ErrImportRejected = errors.New("取り込みを中止しました: 誤りのある行があります（何も登録していません）")

const importBatch = 64

// ImportPersons registers every row from next (which returns io.EOF at the
// end) in ONE transaction: all rows or none. Rows are validated as
// CreatePerson does; every bad row is reported, and then nothing is saved.
// Rows that may be persons already registered are flagged, not refused.
// Memory does not grow with the file: rows are written in small batches as
// they are read. The organization of the actor is the registering one. One
// audit event records the import. progress, if set, is called with the
// number of rows read so far every 4096 rows.
func (db *DB) ImportPersons(ctx context.Context, a casework.Actor, next func() (ImportRow, error), progress func(int)) (ImportResult, error) {
	res := ImportResult{Problems: []ImportProblem{}, Duplicates: []ImportDuplicate{}}
	if a.UserID != "system" && !casework.CanWriteCases(a) {
		return res, casework.Errorf(casework.EFORBIDDEN, "本人情報を登録する権限がありません。")
	}
	if a.OrganizationID == "" {
		return res, errors.New("登録する機関を指定してください（--org）")
	}
	err := db.inTx(ctx, true, "本人", func(tx *Tx) error {
		th, err := tx.thresholds(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		if tx.dialect == SQLite { // a bounded page cache for the big transaction (default 2 MB)
			if _, err := tx.exec(ctx, "PRAGMA cache_size = -65536"); err != nil {
				return err
			}
			defer tx.exec(ctx, "PRAGMA cache_size = -2000")
		}
		known, err := loadBlocks(ctx, tx, a.MunicipalityID)
		if err != nil {
			return err
		}
		w := &batchWriter{tx: tx}
		defer w.close()
		for {
			row, err := next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			res.Rows++
			if progress != nil && res.Rows%4096 == 0 {
				progress(res.Rows)
			}
			p := row.Person
			probs := row.Problems
			if err := p.Normalize(tx.now); err != nil {
				var ce *casework.Error
				if !errors.As(err, &ce) {
					return err
				}
				keys := make([]string, 0, len(ce.Fields))
				for f := range ce.Fields {
					keys = append(keys, f)
				}
				sort.Strings(keys)
				for _, f := range keys {
					probs = append(probs, ImportProblem{Row: row.Row, Field: f, Message: ce.Fields[f]})
				}
			}
			if len(probs) > 0 {
				res.Problems = append(res.Problems, probs...)
				continue
			}
			p.ID, p.MunicipalityID, p.RegisteredByOrgID = newID(), a.MunicipalityID, a.OrganizationID
			if hits := known.check(PersonRecord(p), th); len(hits) > 0 {
				for _, h := range hits {
					res.Duplicates = append(res.Duplicates, ImportDuplicate{Row: row.Row, PersonID: h.PersonID, Score: h.Score, Reasons: h.Reasons})
				}
			}
			if len(res.Problems) == 0 {
				if err := w.add(ctx, &p); err != nil {
					return err
				}
			}
		}
		if progress != nil {
			progress(res.Rows)
		}
		if len(res.Problems) > 0 {
			return ErrImportRejected
		}
		if err := w.flush(ctx); err != nil {
			return err
		}
		res.Imported = w.n
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "person_import", Reason: itoa(w.n) + "件"})
	})
	if err != nil {
		res.Imported = 0
	}
	return res, err
}

// batchWriter inserts persons importBatch rows per statement.
type batchWriter struct {
	tx   *Tx
	stmt *sql.Stmt
	args []any
	rows int
	n    int
}

func (w *batchWriter) add(ctx context.Context, p *casework.Person) error {
	now := ts(w.tx.now)
	w.args = append(w.args, p.ID, p.MunicipalityID)
	w.args = append(w.args, personArgs(p)...)
	w.args = append(w.args, 1, now, now)
	w.rows++
	if w.rows == importBatch {
		if w.stmt == nil {
			s, err := w.tx.tx.PrepareContext(ctx, w.tx.dialect.rebind(insertPersons(importBatch)))
			if err != nil {
				return err
			}
			w.stmt = s
		}
		if _, err := w.stmt.ExecContext(ctx, w.args...); err != nil {
			return err
		}
		w.n += w.rows
		w.args, w.rows = w.args[:0], 0
	}
	return nil
}

func (w *batchWriter) flush(ctx context.Context) error {
	if w.rows == 0 {
		return nil
	}
	if _, err := w.tx.exec(ctx, insertPersons(w.rows), w.args...); err != nil {
		return err
	}
	w.n += w.rows
	w.args, w.rows = w.args[:0], 0
	return nil
}

func (w *batchWriter) close() {
	if w.stmt != nil {
		w.stmt.Close()
	}
}

func insertPersons(rows int) string {
	one := "(" + placeholders(31) + ")"
	return "INSERT INTO persons (id, municipality_id, " + personColsNoID() + ") VALUES " + strings.Repeat(one+",", rows-1) + one
}

// blocks holds the persons already registered, by blocking key, for
// flagging import rows.
type blocks struct {
	recs  []dedupe.Record
	byKey map[uint64][]int32
}

func loadBlocks(ctx context.Context, tx *Tx, muni string) (*blocks, error) {
	rs, err := readDupRecords(ctx, tx, muni)
	if err != nil {
		return nil, err
	}
	b := &blocks{recs: rs, byKey: make(map[uint64][]int32, 4*len(rs))}
	for i, r := range rs {
		for _, k := range dedupe.BlockKeys(r) {
			b.byKey[k] = append(b.byKey[k], int32(i))
		}
	}
	return b, nil
}

func (b *blocks) check(r dedupe.Record, th dedupe.Thresholds) []DuplicateHit {
	if len(b.recs) == 0 {
		return nil
	}
	seen := map[int32]bool{}
	var cs []dedupe.Record
	for _, k := range dedupe.BlockKeys(r) {
		if l := b.byKey[k]; len(l) <= dedupe.MaxBlock {
			for _, i := range l {
				if !seen[i] {
					seen[i] = true
					cs = append(cs, b.recs[i])
				}
			}
		}
	}
	var out []DuplicateHit
	for _, p := range dedupe.Check(r, cs, th) {
		out = append(out, DuplicateHit{PersonID: cs[p.B].ID, Score: p.Score, Reasons: p.Reasons, Same: p.Score >= th.Same})
	}
	return out
}

package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sort"
	"time"

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

// ImportDuplicate flags a row that may be a person already registered
// (PersonID) or the same person as an earlier row of the same file
// (OtherRow).
type ImportDuplicate struct {
	Row      int      `json:"row"`
	PersonID string   `json:"person_id,omitempty"`
	OtherRow int      `json:"other_row,omitempty"`
	Score    int      `json:"score"`
	Reasons  []string `json:"reasons"`
}

// ImportResult reports an import.
type ImportResult struct {
	Rows       int               `json:"rows"`
	Imported   int               `json:"imported"`
	Updated    int               `json:"updated,omitempty"` // --key atena_no: records updated (juki_import.go)
	Linked     int               `json:"linked,omitempty"`  // --key atena_no: records linked to another organization's (名寄せ)
	Problems   []ImportProblem   `json:"problems"`
	Duplicates []ImportDuplicate `json:"duplicates"`
}

// ErrImportRejected is returned (with the result) when any row is bad:
// nothing is imported.
var ErrImportRejected = errors.New("取り込みを中止しました: 誤りのある行があります（何も登録していません）")

// ImportPersons registers every row from next (which returns io.EOF at the
// end) in ONE transaction: all rows or none. Rows are validated as
// CreatePerson does; every bad row is reported, and then nothing is saved.
// Rows that may be persons already registered, or the same person as an
// earlier row of the file, are flagged, not refused.
//
// The file is streamed: rows are read in chunks, validated and compared
// on every core while earlier chunks are written (SQLite: a prepared
// multi-row INSERT reused; PostgreSQL: COPY in the same transaction). What
// is held besides a few chunks: the report and the comparison records of
// the persons already registered. The check within the file sorts the
// blocking keys of the rows in runs on a temporary file (removed in any
// case) and merges them after the last row, so memory stays flat in the
// size of the file. The organization of the actor is the
// registering one. One audit event records the import. progress, if set,
// is called with the number of rows read so far after each chunk.
func (db *DB) ImportPersons(ctx context.Context, a casework.Actor, next func() (ImportRow, error), progress func(int)) (ImportResult, error) {
	return db.ImportPersonsWith(ctx, a, ImportOptions{}, next, progress)
}

// ImportPersonsWith is ImportPersons with options (see ImportOptions).
func (db *DB) ImportPersonsWith(ctx context.Context, a casework.Actor, opt ImportOptions, next func() (ImportRow, error), progress func(int)) (ImportResult, error) {
	res := ImportResult{Problems: []ImportProblem{}, Duplicates: []ImportDuplicate{}}
	if a.UserID != "system" && !casework.CanWriteCases(a) {
		return res, casework.Errorf(casework.EFORBIDDEN, "本人情報を登録する権限がありません。")
	}
	if a.OrganizationID == "" {
		return res, errors.New("登録する機関を指定してください（--org）")
	}
	err := db.importTx(ctx, func(tx *Tx, conn *sql.Conn) error {
		th, err := tx.thresholds(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		// the two references of every row, checked once (SQLite imports
		// without per-row foreign key checks, see importTx)
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM organizations WHERE id = ? AND municipality_id = ?", a.OrganizationID, a.MunicipalityID).Scan(&n); err != nil {
			return err
		}
		if n != 1 {
			return casework.NotFound("登録する機関")
		}
		known, err := loadBlocks(ctx, tx, a.MunicipalityID)
		if err != nil {
			return err
		}
		w := newPersonWriter(tx, conn)
		defer w.close()
		if tx.dialect == SQLite {
			if w.bulk, err = newSQLiteBulk(ctx, tx); err != nil {
				return err
			}
		} else if opt.Exclusive {
			if err := createStage(ctx, tx); err != nil {
				return err
			}
			w.table = importStage
		}
		ids := newImportIDs(tx.now)
		var arrived importArrivals // duplicates_import.go
		inFile := newFileRuns()
		defer inFile.close() // after stop: the pipeline writes to it
		chunks, stop := importPipeline(ctx, next, tx.now, a, known, th, inFile)
		defer stop()
		for c := range chunks {
			if c.err != nil {
				return c.err
			}
			for i := range c.rows {
				res.Rows++
				if len(c.probs[i]) > 0 {
					res.Problems = append(res.Problems, c.probs[i]...)
					continue
				}
				row := c.rows[i].Row
				for _, h := range c.hits[i] {
					res.Duplicates = append(res.Duplicates, ImportDuplicate{Row: row, PersonID: h.PersonID, Score: h.Score, Reasons: h.Reasons})
				}
				if len(res.Problems) == 0 {
					c.persons[i].ID = ids.next()
					arrived.add(row, &c.persons[i])
					if err := w.add(ctx, &c.persons[i]); err != nil {
						return err
					}
				}
			}
			if progress != nil {
				progress(res.Rows)
			}
		}
		if err := ctx.Err(); err != nil { // the pipeline stopped early: never commit a part
			return err
		}
		// the rows of the file against the earlier rows of the file, after
		// the last row (an external sort: memory bounded, see fileRuns),
		// while the last rows are written and bulk mode ends
		var same []ImportDuplicate
		if len(res.Problems) > 0 {
			same, err = inFile.pairs(ctx, th)
		} else {
			same, err = pairsWhile(ctx, inFile, th, w.finish)
		}
		if err != nil {
			return err
		}
		res.Duplicates = mergeByRow(res.Duplicates, same)
		if len(res.Problems) > 0 {
			return ErrImportRejected
		}
		res.Imported = w.n
		// the 旧姓・通称 of the rows, and the flagged pairs on the review list
		if err := arrived.save(ctx, tx, a.MunicipalityID, res.Duplicates); err != nil {
			return err
		}
		// rule 6: the registering organization is designated for the
		// protected persons it imported
		if _, err := tx.exec(ctx, `INSERT INTO dv_designations (id, municipality_id, person_id, organization_id, designated_by, designated_by_org_id, reason, at)
			SELECT 'dvd-' || p.id, p.municipality_id, p.id, p.registered_by_org_id, ?, p.registered_by_org_id, '取り込み時にDV等支援措置が設定された記録', ?
			FROM persons p WHERE p.municipality_id = ? AND p.dv_protected = 1 AND NOT EXISTS
			(SELECT 1 FROM dv_designations d WHERE d.person_id = p.id AND d.organization_id = p.registered_by_org_id)`, a.UserID, ts(tx.now), a.MunicipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "person_import", Reason: itoa(w.n) + "件"})
	})
	if err != nil {
		res.Imported = 0
	}
	return res, err
}

// importTx is inTx on a connection of its own, so that the import can use
// the driver's COPY on the connection of its transaction.
func (db *DB) importTx(ctx context.Context, fn func(*Tx, *sql.Conn) error) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return mapError(err, "本人")
	}
	defer conn.Close()
	if db.dialect == SQLite {
		// A page cache for the big transaction bounded at 512 MB (default
		// 2 MB; the indexes of a million persons take about 300 MB and are
		// written in random order); statement journals in memory; and
		// foreign keys not checked row by row: a checked key makes SQLite
		// keep a statement journal for every INSERT, a fifth of the
		// import's time. ImportPersons checks the only two references
		// (municipality and organization) once. Set before BEGIN (SQLite
		// ignores foreign_keys inside a transaction) and reset after; a
		// connection that cannot be reset is discarded, never reused
		// without its foreign key checks.
		defer func() {
			for _, s := range []string{"PRAGMA foreign_keys = ON", "PRAGMA temp_store = DEFAULT", "PRAGMA cache_size = -2000"} {
				if _, err := conn.ExecContext(context.Background(), s); err != nil {
					_ = conn.Raw(func(any) error { return driver.ErrBadConn })
					return
				}
			}
		}()
		for _, s := range []string{"PRAGMA cache_size = -524288", "PRAGMA temp_store = MEMORY", "PRAGMA foreign_keys = OFF"} {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				return mapError(err, "本人")
			}
		}
	}
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapError(err, "本人")
	}
	t := &Tx{tx: sqlTx, dialect: db.dialect, now: db.Now().UTC().Truncate(time.Microsecond)}
	if err := fn(t, conn); err != nil {
		_ = sqlTx.Rollback()
		return mapError(err, "本人")
	}
	return mapError(sqlTx.Commit(), "本人")
}

// blocks holds the comparison records of the persons already registered
// by blocking key, for flagging import rows.
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

// pairs scores r against the records sharing a blocking key with it and
// returns those at or above th.Review, B being the index of the record.
func (b *blocks) pairs(r dedupe.Record, th dedupe.Thresholds) []dedupe.Pair {
	if len(b.recs) == 0 {
		return nil
	}
	var seen map[int32]bool // the first list needs none: its entries are distinct
	var out []dedupe.Pair
	for n, k := range dedupe.BlockKeys(r) {
		l := b.byKey[k]
		if len(l) > dedupe.MaxBlock {
			continue
		}
		for _, i := range l {
			if n > 0 && seen[i] {
				continue
			}
			if seen == nil {
				seen = map[int32]bool{}
			}
			seen[i] = true
			if s, why := dedupe.Score(r, b.recs[i]); s >= th.Review && r.ID != b.recs[i].ID {
				out = append(out, dedupe.Pair{A: -1, B: i, Score: s, Reasons: why})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

func (b *blocks) check(r dedupe.Record, th dedupe.Thresholds) []DuplicateHit {
	var out []DuplicateHit
	for _, p := range b.pairs(r, th) {
		out = append(out, DuplicateHit{PersonID: b.recs[p.B].ID, Score: p.Score, Reasons: p.Reasons, Same: th.IsSame(p.Score, p.Reasons)})
	}
	return out
}

// mergeByRow merges the duplicates against registered persons and those
// within the file, both in row order: for each row the registered ones
// first, as they were reported when the check within the file streamed.
func mergeByRow(known, inFile []ImportDuplicate) []ImportDuplicate {
	if len(inFile) == 0 {
		return known
	}
	out := make([]ImportDuplicate, 0, len(known)+len(inFile))
	i, j := 0, 0
	for i < len(known) || j < len(inFile) {
		if j == len(inFile) || (i < len(known) && known[i].Row <= inFile[j].Row) {
			out = append(out, known[i])
			i++
		} else {
			out = append(out, inFile[j])
			j++
		}
	}
	return out
}

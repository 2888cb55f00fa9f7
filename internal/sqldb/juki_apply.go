package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/juki"
)

// JukiResult reports the application of a 異動 file.
type JukiResult struct {
	Rows      int            `json:"rows"`      // rows read (bad ones included)
	Applied   int            `json:"applied"`   // rows that changed a record
	Inserted  int            `json:"inserted"`  // 転入 rows that registered a record
	Unchanged int            `json:"unchanged"` // rows whose record already said so
	Unknown   int            `json:"unknown"`   // rows whose 宛名番号 no record carries
	Repeated  int            `json:"repeated"`  // rows applied before (same content): nothing done
	ByReason  map[string]int `json:"by_reason"` // rows applied or inserted, by 異動事由
	Problems  []juki.Problem `json:"problems"`
}

// JukiOptions are the options of ApplyJuki.
type JukiOptions struct {
	// FileName names the file in the audit log.
	FileName string
	// InsertOrg, when set, registers a record (of that organization) for a
	// 転入 row whose 宛名番号 no record carries; otherwise such a row is
	// Unknown, like the rows of residents kasane does not know (個人情報の保護
	// に関する法律第61条第2項: no more personal data than the purpose needs).
	InsertOrg string
	// ReadProblems are the rows the file reader refused: they are reported
	// with the others, and then nothing is applied.
	ReadProblems []juki.Problem
	// ReadRows counts every data row of the file (bad ones included).
	ReadRows int
}

// ErrJukiRejected is returned (with the result) when any row is bad:
// nothing is changed.
var ErrJukiRejected = errors.New("異動ファイルの適用を中止しました: 誤りのある行があります（何も変更していません）")

// ApplyJuki applies the rows of a 異動 file (read by juki.Read) to the
// persons of municipality muni, in ONE transaction: every row or none. Each
// row finds the record carrying its 宛名番号 and changes it as juki.Decide
// says, validated as a person save is; every bad row is reported and then
// nothing is saved. A row applied before (the same content, by its hash,
// kept per municipality in juki_changes) is skipped, so applying the same
// file twice changes nothing. The writer is the system, audited as
// 'system:juki' (one event per file that changed anything).
func (db *DB) ApplyJuki(ctx context.Context, muni string, rows []juki.Row, opt JukiOptions) (JukiResult, error) {
	bad := map[int]bool{}
	for _, p := range opt.ReadProblems {
		bad[p.Row] = true
	}
	res := JukiResult{Rows: max(opt.ReadRows, len(rows)+len(bad)), ByReason: map[string]int{},
		Problems: append([]juki.Problem{}, opt.ReadProblems...)}
	sys := JukiActor(muni)
	err := db.inTx(ctx, true, "住民記録の異動", func(tx *Tx) error {
		if opt.InsertOrg != "" {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM organizations WHERE id = ? AND municipality_id = ?", opt.InsertOrg, muni).Scan(&n); err != nil {
				return err
			}
			if n != 1 {
				return casework.NotFound("登録する機関")
			}
		}
		done, err := tx.appliedHashes(ctx, muni, rows)
		if err != nil {
			return err
		}
		st, err := tx.prepareJuki(ctx)
		if err != nil {
			return err
		}
		defer st.close()
		if tx.dialect == SQLite {
			// a page cache for the file's random reads and writes of persons
			// (default 2 MB: the transaction would spill pages to the WAL
			// while it runs); back to the default on the pooled connection
			// whatever happens
			if _, err := tx.exec(ctx, "PRAGMA cache_size = -262144"); err != nil {
				return err
			}
			defer tx.exec(context.Background(), "PRAGMA cache_size = -2000")
		}
		for _, r := range rows {
			if done[r.Hash] {
				res.Repeated++
				continue
			}
			done[r.Hash] = true
			outcome, personID, probs, err := tx.applyJukiRow(ctx, st, sys, r, opt.InsertOrg)
			if err != nil {
				return err
			}
			if len(probs) > 0 {
				res.Problems = append(res.Problems, probs...)
				continue
			}
			switch outcome {
			case juki.Unknown:
				res.Unknown++
				continue // not kept: the row is about no one kasane knows
			case juki.Unchanged:
				res.Unchanged++
			case juki.Inserted:
				res.Inserted++
				res.ByReason[r.Reason]++
			default:
				res.Applied++
				res.ByReason[r.Reason]++
			}
			if _, err := st.kept.ExecContext(ctx, muni, r.Hash, personID, r.Reason, r.Date, outcome, opt.FileName, ts(tx.now)); err != nil {
				return err
			}
		}
		if len(res.Problems) > 0 {
			sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].Row < res.Problems[j].Row })
			return ErrJukiRejected
		}
		if res.Applied+res.Inserted+res.Unchanged == 0 {
			return nil // nothing new: nothing written, not even an audit event
		}
		var parts []string
		for _, reason := range juki.Reasons {
			if n := res.ByReason[reason]; n > 0 {
				parts = append(parts, reason+" "+itoa(n)+"件")
			}
		}
		return tx.audit(ctx, sys, auditRecord{Action: casework.ActUpdate, ObjectType: "juki_apply", ObjectID: opt.FileName,
			Reason: "住民記録の異動を適用: " + strings.Join(append(parts, "変更なし "+itoa(res.Unchanged)+"件"), "、")})
	})
	if err != nil && !errors.Is(err, ErrJukiRejected) {
		return res, err
	}
	if len(res.Problems) > 0 {
		res.Applied, res.Inserted, res.Unchanged, res.ByReason = 0, 0, 0, map[string]int{}
		return res, ErrJukiRejected
	}
	return res, nil
}

// appliedHashes loads which of the rows' hashes were applied before.
func (t *Tx) appliedHashes(ctx context.Context, muni string, rows []juki.Row) (map[string]bool, error) {
	out := make(map[string]bool, len(rows))
	for start := 0; start < len(rows); start += 500 {
		chunk := rows[start:min(start+500, len(rows))]
		args := []any{muni}
		for _, r := range chunk {
			args = append(args, r.Hash)
		}
		hs, err := collect(ctx, t, scanString, "SELECT row_hash FROM juki_changes WHERE municipality_id = ? AND row_hash IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			out[h] = true
		}
	}
	return out, nil
}

// jukiStmts are the statements of ApplyJuki, prepared once per file (a
// statement parsed per row costs more than the row's own work).
type jukiStmts struct {
	find, status, names, kept *sql.Stmt
}

func (t *Tx) prepareJuki(ctx context.Context) (*jukiStmts, error) {
	st := &jukiStmts{}
	for _, x := range []struct {
		dst **sql.Stmt
		q   string
	}{
		{&st.find, "SELECT " + personCols + " FROM persons WHERE municipality_id = ? AND atena_no = ? AND atena_no <> ''"},
		{&st.status, `UPDATE persons SET birth_date = ?, birth_precision = ?, sex = ?, reg_postal_code = ?, reg_prefecture = ?, reg_city = ?, reg_street = ?,
			deceased_on = ?, resident_status = ?, resident_status_on = ?, version = version + 1, updated_at = ? WHERE id = ?`},
		{&st.names, "UPDATE persons SET family_name = ?, given_name = ?, family_kana = ?, given_kana = ?, maiden_name = ?, name_key = ?, kana_key = ? WHERE id = ?"},
		{&st.kept, "INSERT INTO juki_changes (municipality_id, row_hash, person_id, reason, on_date, outcome, file_name, applied_at) VALUES (?,?,?,?,?,?,?,?)"},
	} {
		s, err := t.tx.PrepareContext(ctx, t.dialect.rebind(x.q))
		if err != nil {
			st.close()
			return nil, err
		}
		*x.dst = s
	}
	return st, nil
}

func (st *jukiStmts) close() {
	for _, s := range []*sql.Stmt{st.find, st.status, st.names, st.kept} {
		if s != nil {
			s.Close()
		}
	}
}

// applyJukiRow applies one row and says what it did.
func (t *Tx) applyJukiRow(ctx context.Context, st *jukiStmts, sys casework.Actor, r juki.Row, insertOrg string) (string, string, []juki.Problem, error) {
	cur, err := scanPerson(st.find.QueryRowContext(ctx, sys.MunicipalityID, r.AtenaNo))
	if errors.Is(err, sql.ErrNoRows) {
		if r.Reason != juki.MoveIn || insertOrg == "" {
			return juki.Unknown, "", nil, nil
		}
		p, probs := juki.NewPerson(r)
		if err := p.Normalize(t.now); err != nil {
			probs = append(probs, juki.ProblemsOf(r.Line, err)...)
		}
		if len(probs) > 0 {
			return "", "", probs, nil
		}
		a := sys
		a.OrganizationID = insertOrg
		if err := t.insertPerson(ctx, a, &p); err != nil {
			return "", "", nil, err
		}
		_, err := t.exec(ctx, "UPDATE persons SET resident_status = ?, resident_status_on = ? WHERE id = ?", casework.ResidentLiving, r.Date, p.ID)
		return juki.Inserted, p.ID, nil, err
	}
	if err != nil {
		return "", "", nil, err
	}
	ch, probs := juki.Decide(cur, r)
	p := ch.Person
	p.AtenaHidden = true // the number is the key here, never changed by a row
	if err := p.Normalize(t.now); err != nil {
		probs = append(probs, juki.ProblemsOf(r.Line, err)...)
	}
	if len(probs) > 0 {
		return "", "", probs, nil
	}
	if !ch.Changed {
		return juki.Unchanged, cur.ID, nil, nil
	}
	if _, err := st.status.ExecContext(ctx, p.BirthDate, p.BirthPrecision, p.Sex, p.Address.PostalCode, p.Address.Prefecture, p.Address.City, p.Address.Street,
		p.DeceasedOn, p.ResidentStatus, p.ResidentStatusOn, ts(t.now), cur.ID); err != nil {
		return "", "", nil, err
	}
	// the names only when they change: their triggers log the person for
	// the name index and rename the person's cases
	if p.FamilyName != cur.FamilyName || p.GivenName != cur.GivenName || p.FamilyKana != cur.FamilyKana || p.GivenKana != cur.GivenKana || p.MaidenName != cur.MaidenName {
		if _, err := st.names.ExecContext(ctx, p.FamilyName, p.GivenName, p.FamilyKana, p.GivenKana, p.MaidenName, p.NameKey, p.KanaKey, cur.ID); err != nil {
			return "", "", nil, err
		}
	}
	if ch.Former != nil {
		if err := t.keepFormerName(ctx, sys.MunicipalityID, cur.ID, *ch.Former); err != nil {
			return "", "", nil, err
		}
	}
	return juki.Applied, cur.ID, nil, nil
}

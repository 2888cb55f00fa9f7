package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// ImportPersonsByAtena is `kasane import persons --key atena_no`: every row
// carries a 宛名番号. A row whose number a record of the importing
// organization carries updates that record (name and reading — the old name
// kept as a former name —, registered address, phone when given, birth date
// and sex where the record has less); a row whose number no record carries
// registers a record with it; a row whose number a record of another
// organization carries registers the organization's own record, linked to
// that one as the same person (名寄せ, certain; the number stays on the other
// record: rule 0, no organization writes another's record). ONE
// transaction: every bad row is reported (with the rows of the same file
// that repeat a number) and then nothing is saved. One audit event.
func (db *DB) ImportPersonsByAtena(ctx context.Context, a casework.Actor, next func() (ImportRow, error), progress func(int)) (ImportResult, error) {
	res := ImportResult{Problems: []ImportProblem{}, Duplicates: []ImportDuplicate{}}
	if a.UserID != "system" && !casework.CanWriteCases(a) {
		return res, casework.Errorf(casework.EFORBIDDEN, "本人情報を登録する権限がありません。")
	}
	if a.OrganizationID == "" {
		return res, errors.New("登録する機関を指定してください（--org）")
	}
	err := db.inTx(ctx, true, "本人", func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM organizations WHERE id = ? AND municipality_id = ?", a.OrganizationID, a.MunicipalityID).Scan(&n); err != nil {
			return err
		}
		if n != 1 {
			return casework.NotFound("登録する機関")
		}
		lineOf := map[string]int{} // 宛名番号 → the row that has it
		for {
			row, err := next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			res.Rows++
			if progress != nil && res.Rows%1000 == 0 {
				progress(res.Rows)
			}
			probs := row.Problems
			p := row.Person
			if err := p.Normalize(tx.now); err != nil {
				for f, msg := range casework.ErrorFields(err) {
					probs = append(probs, ImportProblem{Row: row.Row, Field: f, Message: msg})
				}
			}
			if p.AtenaNo == "" && casework.ErrorFields(err)["atena_no"] == "" {
				probs = append(probs, ImportProblem{Row: row.Row, Field: "atena_no", Message: "宛名番号がありません（--key atena_no の取り込みでは必須です）。"})
			}
			if l, dup := lineOf[p.AtenaNo]; dup && p.AtenaNo != "" {
				probs = append(probs, ImportProblem{Row: row.Row, Field: "atena_no", Message: "同じ宛名番号の行が " + itoa(l) + " 行目にもあります。"})
			} else if p.AtenaNo != "" {
				lineOf[p.AtenaNo] = row.Row
			}
			if len(probs) > 0 {
				sortImportProblems(probs)
				res.Problems = append(res.Problems, probs...)
				continue
			}
			if len(res.Problems) > 0 {
				continue // nothing will be saved: only check the rest
			}
			if err := tx.importByAtena(ctx, a, &p, &res); err != nil {
				return err
			}
		}
		if len(res.Problems) > 0 {
			return ErrImportRejected
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "person_import",
			Reason: "宛名番号で更新 " + itoa(res.Updated) + "件・登録 " + itoa(res.Imported) + "件（うち名寄せ " + itoa(res.Linked) + "件）"})
	})
	if err != nil {
		res.Imported, res.Updated, res.Linked = 0, 0, 0
	}
	return res, err
}

// sortImportProblems orders one row's problems by field name, so that the
// report does not depend on map order.
func sortImportProblems(ps []ImportProblem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Field < ps[j-1].Field; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// importByAtena writes one checked row of ImportPersonsByAtena.
func (t *Tx) importByAtena(ctx context.Context, a casework.Actor, p *casework.Person, res *ImportResult) error {
	cur, err := scanPerson(t.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE municipality_id = ? AND atena_no = ? AND atena_no <> ''", a.MunicipalityID, p.AtenaNo))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if err := t.insertPerson(ctx, a, p); err != nil {
			return err
		}
		res.Imported++
		return nil
	case err != nil:
		return err
	case cur.RegisteredByOrgID != a.OrganizationID:
		// another organization's record: the organization's own record,
		// linked to it as the same person
		p.AtenaNo = cur.AtenaStored
		if err := t.insertPersonLinked(ctx, a, p); err != nil {
			return err
		}
		res.Imported++
		res.Linked++
		return nil
	}
	next := cur
	next.FamilyName, next.GivenName, next.FamilyKana, next.GivenKana = p.FamilyName, p.GivenName, p.FamilyKana, p.GivenKana
	next.Address = p.Address
	if p.Phone != "" {
		next.Phone = p.Phone
	}
	if p.BirthPrecision == "day" || cur.BirthPrecision == "unknown" {
		next.BirthDate, next.BirthPrecision = p.BirthDate, p.BirthPrecision
	}
	if cur.Sex == "unknown" {
		next.Sex = p.Sex
	}
	renamed := next.FamilyName != cur.FamilyName || next.GivenName != cur.GivenName || next.FamilyKana != cur.FamilyKana || next.GivenKana != cur.GivenKana
	if renamed && japanese.NameKey(next.FamilyName) != japanese.NameKey(cur.FamilyName) {
		next.MaidenName = cur.FamilyName // 旧姓
	}
	next.AtenaHidden = true
	if err := next.Normalize(t.now); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `UPDATE persons SET family_name = ?, given_name = ?, family_kana = ?, given_kana = ?, maiden_name = ?,
		birth_date = ?, birth_precision = ?, sex = ?, reg_postal_code = ?, reg_prefecture = ?, reg_city = ?, reg_street = ?, phone = ?,
		name_key = ?, kana_key = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		next.FamilyName, next.GivenName, next.FamilyKana, next.GivenKana, next.MaidenName, next.BirthDate, next.BirthPrecision, next.Sex,
		next.Address.PostalCode, next.Address.Prefecture, next.Address.City, next.Address.Street, next.Phone,
		next.NameKey, next.KanaKey, ts(t.now), cur.ID); err != nil {
		return err
	}
	if renamed {
		if err := t.keepFormerName(ctx, a.MunicipalityID, cur.ID, casework.FormerName{FamilyName: cur.FamilyName, GivenName: cur.GivenName,
			FamilyKana: cur.FamilyKana, GivenKana: cur.GivenKana, Source: "import"}); err != nil {
			return err
		}
	}
	res.Updated++
	return nil
}

// insertPersonLinked registers p (whose 宛名番号 another record carries) as
// the actor's own record and links it to that record as the same person;
// the number stays on the other record. For system work (imports).
func (t *Tx) insertPersonLinked(ctx context.Context, a casework.Actor, p *casework.Person) error {
	atena := p.AtenaNo
	p.AtenaNo = ""
	if err := t.insertPerson(ctx, a, p); err != nil {
		return err
	}
	p.AtenaNo = atena
	return t.placeAtena(ctx, a, p, "", true)
}

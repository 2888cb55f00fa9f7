package sqldb

import (
	"context"
	"fmt"

	"kasane/internal/casework"
	"kasane/internal/juki"
)

// SeedJukiPersons inserts n fictitious persons (架空) registered by org, the
// i-th carrying the 宛名番号 atena(i), for `kasane bench juki`. Transactions
// of 10,000 rows in multi-row INSERTs, each audited as one event. The
// names are those of SeedBulk: person i is seedFamily[i%20] seedGiven[i/20%15].
func (db *DB) SeedJukiPersons(ctx context.Context, sys casework.Actor, org string, n int, atena func(i int) string, progress func(done int)) error {
	const batch = 10000
	for done := 0; done < n; done += batch {
		k := min(batch, n-done)
		err := db.inTx(ctx, true, "試験データ", func(tx *Tx) error {
			rows := make([][]any, 0, k)
			for i := done; i < done+k; i++ {
				p := SeedJukiPerson(i)
				if err := p.Normalize(tx.now); err != nil {
					return err
				}
				p.ID, p.RegisteredByOrgID = newID(), org
				rows = append(rows, append(append([]any{p.ID, sys.MunicipalityID}, personArgs(&p)...), 1, ts(tx.now), ts(tx.now), atena(i), casework.ResidentLiving))
			}
			if err := tx.insertRows(ctx, "persons (id, municipality_id, "+personColsNoID()+", atena_no, resident_status)", rows); err != nil {
				return err
			}
			return tx.audit(ctx, sys, auditRecord{Action: casework.ActCreate, ObjectType: "seed", Reason: fmt.Sprintf("試験データ（住基） %d 件", k)})
		})
		if err != nil {
			return err
		}
		if progress != nil {
			progress(done + k)
		}
	}
	return nil
}

// SeedJukiPerson is the i-th person of SeedJukiPersons (without its keys).
func SeedJukiPerson(i int) casework.Person {
	fam, giv := seedFamily[i%len(seedFamily)], seedGiven[(i/len(seedFamily))%len(seedGiven)]
	return casework.Person{Identified: true, FamilyName: fam[0], GivenName: giv[0], FamilyKana: fam[1], GivenKana: giv[1],
		BirthDate: fmt.Sprintf("%04d-%02d-%02d", 1930+i%75, 1+i%12, 1+i%28), Sex: []string{"male", "female"}[i%2],
		Address: casework.Address{PostalCode: "100-0001", Prefecture: "架空県", City: "かさね市", Street: fmt.Sprintf("本町%d-%d", 1+i%9, 1+i%50)}}
}

// SeedFamilies are the surnames (kanji, katakana) SeedJukiPerson uses.
func SeedFamilies() [][2]string { return seedFamily }

// RawJukiUpdate is the baseline of `kasane bench juki`: the same rows
// written as plain UPDATEs by 宛名番号 (one prepared statement per 異動事由,
// the values as the file gives them) in one transaction: nothing read,
// checked, kept or audited.
func (db *DB) RawJukiUpdate(ctx context.Context, muni string, rows []juki.Row) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmts := map[string]string{
		juki.Move:       "UPDATE persons SET reg_postal_code = ?, reg_prefecture = ?, reg_city = ?, reg_street = ?, updated_at = ? WHERE municipality_id = ? AND atena_no = ? AND atena_no <> ''",
		juki.MoveOut:    "UPDATE persons SET reg_postal_code = ?, reg_prefecture = ?, reg_city = ?, reg_street = ?, resident_status = '転出', resident_status_on = ?, updated_at = ? WHERE municipality_id = ? AND atena_no = ? AND atena_no <> ''",
		juki.MoveIn:     "UPDATE persons SET resident_status = '住民', resident_status_on = ?, updated_at = ? WHERE municipality_id = ? AND atena_no = ? AND atena_no <> ''",
		juki.Death:      "UPDATE persons SET resident_status = '死亡', resident_status_on = ?, deceased_on = ?, updated_at = ? WHERE municipality_id = ? AND atena_no = ? AND atena_no <> ''",
		juki.NameChange: "UPDATE persons SET family_name = ?, family_kana = ?, updated_at = ? WHERE municipality_id = ? AND atena_no = ? AND atena_no <> ''",
	}
	now := ts(db.Now())
	for reason, q := range stmts {
		st, err := tx.PrepareContext(ctx, db.dialect.rebind(q))
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range rows {
			if r.Reason != reason {
				continue
			}
			var args []any
			a := r.Address
			switch reason {
			case juki.Move:
				args = []any{a.PostalCode, a.Prefecture, a.City, a.Street, now}
			case juki.MoveOut:
				args = []any{a.PostalCode, a.Prefecture, a.City, a.Street, r.Date, now}
			case juki.MoveIn:
				args = []any{r.Date, now}
			case juki.Death:
				args = []any{r.Date, r.Date, now}
			case juki.NameChange:
				args = []any{r.FamilyName, r.FamilyKana, now}
			}
			if _, err := st.ExecContext(ctx, append(args, muni, r.AtenaNo)...); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

// narrowCols are the columns of persons an import row usually sets; the
// others keep their defaults (” and 0, version 1) or are the same for the
// whole import (municipality, organization, times: ?1–?3).
const narrowCols = "id, family_name, given_name, family_kana, given_kana, birth_date, birth_precision, sex, reg_postal_code, reg_prefecture, reg_city, reg_street, phone, name_key, kana_key"

const narrowN = 15

// narrowRow says whether p can be written with the narrow INSERT, first
// being the first row of its batch.
func narrowRow(p, first *casework.Person) bool {
	return p.Identified && p.Label == "" && p.Alias == "" && p.MaidenName == "" && p.ActualAddress.Empty() &&
		p.Phone2 == "" && !p.DVProtected && p.DeceasedOn == "" &&
		p.MunicipalityID == first.MunicipalityID && p.RegisteredByOrgID == first.RegisteredByOrgID
}

// insertSQLite writes the pending rows with one multi-row INSERT, narrow
// (15 values a row; each bound value costs a copy and a lock in the
// driver) when every row allows it, else wide (all 31 columns). Full
// batches reuse a prepared statement.
func (w *personWriter) insertSQLite(ctx context.Context) error {
	narrow := 1
	for _, p := range w.batch {
		if !narrowRow(p, w.batch[0]) {
			narrow = 0
			break
		}
	}
	if narrow == 1 {
		first := w.batch[0]
		w.args = append(w.args, first.MunicipalityID, first.RegisteredByOrgID, w.now)
		for _, p := range w.batch {
			w.args = append(w.args, p.ID, p.FamilyName, p.GivenName, p.FamilyKana, p.GivenKana, p.BirthDate, p.BirthPrecision, p.Sex,
				p.Address.PostalCode, p.Address.Prefecture, p.Address.City, p.Address.Street, p.Phone, p.NameKey, p.KanaKey)
		}
	} else {
		for _, p := range w.batch {
			w.args = append(w.args, p.ID, p.MunicipalityID)
			w.args = append(w.args, personArgs(p)...)
			w.args = append(w.args, 1, w.now, w.now)
		}
	}
	n := len(w.batch)
	var err error
	if n == w.size {
		if w.stmt[narrow] == nil {
			if w.stmt[narrow], err = w.tx.tx.PrepareContext(ctx, insertPersons(n, narrow == 1)); err != nil {
				return err
			}
		}
		_, err = w.stmt[narrow].ExecContext(ctx, w.args...)
	} else {
		_, err = w.tx.exec(ctx, insertPersons(n, narrow == 1), w.args...)
	}
	clear(w.args)
	w.args = w.args[:0]
	clear(w.batch)
	w.batch = w.batch[:0]
	return err
}

func (w *personWriter) closeStmts() {
	for i, s := range w.stmt {
		if s != nil {
			s.Close()
			w.stmt[i] = nil
		}
	}
}

// insertPersons is the multi-row INSERT of the import. OR FAIL spares
// SQLite the statement journal that would undo a statement half done: on
// any error the whole import is rolled back anyway.
func insertPersons(rows int, narrow bool) string {
	if !narrow {
		one := "(" + placeholders(31) + ")"
		return "INSERT OR FAIL INTO persons (id, municipality_id, " + personColsNoID() + ") VALUES " + strings.Repeat(one+",", rows-1) + one
	}
	// ?1–?3 once each (SQLite looks a numbered parameter's name up in a
	// list, per parameter bound: only these three are named), the rest
	// numbered on from 4 by SQLite
	one := "(?1,?2,?3,?3" + strings.Repeat(",?", narrowN) + ")"
	return "INSERT OR FAIL INTO persons (municipality_id, registered_by_org_id, created_at, updated_at, " + narrowCols + ") VALUES " + strings.Repeat(one+",", rows-1) + one
}

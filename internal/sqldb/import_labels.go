package sqldb

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// ImportDuplicateLabels names the registered persons an import flagged as
// possible duplicates — 氏名 and 生年月日, as an administrator checks them —
// for the report of `kasane import` (command line only: the system actor).
// The look-up is audited as one export of the import report.
func (db *DB) ImportDuplicateLabels(ctx context.Context, a casework.Actor, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if a.UserID != "system" {
		return out, casework.Errorf(casework.EFORBIDDEN, "取り込みの報告はコマンドラインからのみ作れます。")
	}
	if len(ids) == 0 {
		return out, nil
	}
	err := db.inTx(ctx, true, "本人", func(tx *Tx) error {
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActExport, ObjectType: "import_report", Reason: "取り込みの報告（重複の可能性がある登録済みの本人）"}); err != nil {
			return err
		}
		for _, id := range ids {
			var fam, given, birth string
			err := tx.queryRow(ctx, "SELECT family_name, given_name, birth_date FROM persons WHERE id = ? AND municipality_id = ?", id, a.MunicipalityID).Scan(&fam, &given, &birth)
			if err != nil {
				continue // gone meanwhile: the id is shown
			}
			out[id] = PersonLabel(fam, given, birth)
		}
		return nil
	})
	return out, err
}

// PersonLabel is 「山田 太郎（昭和50年4月1日 (1975) 生）」 for reports.
func PersonLabel(family, given, birth string) string {
	s := family
	if given != "" {
		s += " " + given
	}
	if d, err := japanese.ParseISO(birth); err == nil && d.Known() {
		s += "（" + d.Display() + " 生）"
	} else if d, err := japanese.ParseDate(birth); err == nil && d.Known() {
		s += "（" + d.Display() + " 生）"
	}
	return s
}

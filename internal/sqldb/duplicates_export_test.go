package sqldb

import (
	"context"
	"slices"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
)

// CheckReference is the registration check done plainly (test only): every
// identified person sharing a blocking key with p, all columns read from
// the table, none passed over, scored by dedupe.Check. CheckDuplicates
// (system actor, nothing decided) must report exactly these hits.
func CheckReference(ctx context.Context, db *DB, muni string, p casework.Person) ([]DuplicateHit, error) {
	var out []DuplicateHit
	err := db.inTx(ctx, false, "test", func(tx *Tx) error {
		th, err := tx.thresholds(ctx, muni)
		if err != nil {
			return err
		}
		base := "SELECT " + dupCols + ", 0 FROM persons WHERE municipality_id = ? AND identified = 1 AND "
		q := base + "name_key = ? UNION ALL " + base + "kana_key = ?"
		args := []any{muni, p.NameKey, muni, p.KanaKey}
		if bs := birthKeys(p.BirthDate); len(bs) > 0 {
			q += " UNION ALL " + base + "birth_date IN (" + placeholders(len(bs)) + ")"
			args = append(args, muni)
			for _, b := range bs {
				args = append(args, b)
			}
		}
		r := PersonRecord(p)
		if len(r.Phone) >= 6 {
			q += " UNION ALL " + base + "phone = ?"
			args = append(args, muni, p.Phone)
		}
		var cs []dedupe.Record
		seen := map[string]bool{}
		err = tx.checkRows(ctx, q, args, func(d checkRow, _ int) bool {
			if !seen[d.id] {
				seen[d.id] = true
				cs = append(cs, d.record())
			}
			return true
		})
		if err != nil {
			return err
		}
		slices.SortFunc(cs, func(a, b dedupe.Record) int { return strings.Compare(a.ID, b.ID) })
		for _, pr := range dedupe.Check(r, cs, th) {
			out = append(out, DuplicateHit{PersonID: cs[pr.B].ID, Score: pr.Score, Reasons: pr.Reasons, Same: pr.Score >= th.Same})
		}
		return nil
	})
	return out, err
}

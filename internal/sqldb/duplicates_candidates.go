package sqldb

import (
	"context"
	"slices"
	"strings"

	"kasane/internal/dedupe"
)

// candidates finds the persons sharing a blocking key with r through the
// indexes on name_key, kana_key, birth_date and phone, and scores them.
func (t *Tx) candidates(ctx context.Context, muni string, r dedupe.Record, nameKey, kanaKey string, births []string, phone string, th dedupe.Thresholds) ([]dedupe.Record, []dedupe.Pair, error) {
	// One indexed lookup per key, UNION ALL (an OR across columns would
	// scan; UNION would put every row into a temporary index to drop the
	// repeats, half the time of the check at a million persons): repeats
	// are dropped here, and the candidates put in id order, the order UNION
	// gave, so that hits of equal score come in the same order.
	//
	// Most candidates share only the birth date or the year of birth (~280
	// at a million persons, 230 of them registered with the year alone),
	// and their names rarely match. The lookup by birth date reads only the
	// names (and id) from the index persons_birth_names (migration 0015),
	// none from the table; the other columns (the '' here) of those whose
	// names may match are read afterwards by id.
	base := "SELECT " + dupCols + ", 0 FROM persons WHERE municipality_id = ? AND identified = 1 AND "
	q := base + "name_key = ? UNION ALL " + base + "kana_key = ?"
	args := []any{muni, nameKey, muni, kanaKey}
	if len(births) > 0 {
		q += " UNION ALL SELECT id, family_name, given_name, family_kana, given_kana, '', '', '', '', '', '', '', 1 FROM persons" +
			" WHERE municipality_id = ? AND identified = 1 AND birth_date IN (" + placeholders(len(births)) + ")"
		args = append(args, muni)
		for _, b := range births {
			args = append(args, b)
		}
	}
	if len(r.Phone) >= 6 {
		q += " UNION ALL " + base + "phone = ?"
		args = append(args, muni, phone) // as stored (Normalize keeps the hyphens typed)
	}
	// When the review threshold is above what a pair with unmatched names
	// can score, those whose names do not match are passed over before
	// their comparison keys are derived and their rows read: the pairs
	// reported are the same.
	skip := th.Review > dedupe.NoNameMax
	const most = 2000 // distinct candidates at most; a person is in at most 4 of the lookups
	rows, err := t.query(ctx, q+" LIMIT "+itoa(4*most), args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var cs []dedupe.Record
	var later []any // ids of the candidates by birth date whose rows are still to read
	seen := make(map[string]bool, 512)
	// one set of destinations for all rows (each set escapes to the heap)
	var id, fam, giv, fk, gk, birth, sex, postal, pref, city, street, ph string
	var namesOnly int
	dest := []any{&id, &fam, &giv, &fk, &gk, &birth, &sex, &postal, &pref, &city, &street, &ph, &namesOnly}
	for rows.Next() && len(seen) < most {
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if skip && !dedupe.NamesMayMatch(r, fam, giv, fk, gk) {
			continue
		}
		if namesOnly == 1 {
			later = append(later, id)
			continue
		}
		cs = append(cs, dedupe.NewRecord(id, fam, giv, fk, gk, birth, sex, postal, pref+city, street, ph))
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close()
	if len(later) > 0 {
		rest, err := t.dupRecords(ctx, later)
		if err != nil {
			return nil, nil, err
		}
		cs = append(cs, rest...)
	}
	slices.SortFunc(cs, func(a, b dedupe.Record) int { return strings.Compare(a.ID, b.ID) })
	return cs, dedupe.Check(r, cs, th), nil
}

// dupRecords reads the comparison records of the persons ids.
func (t *Tx) dupRecords(ctx context.Context, ids []any) ([]dedupe.Record, error) {
	rows, err := t.query(ctx, "SELECT "+dupCols+" FROM persons WHERE id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dedupe.Record
	var id, fam, giv, fk, gk, birth, sex, postal, pref, city, street, ph string
	dest := []any{&id, &fam, &giv, &fk, &gk, &birth, &sex, &postal, &pref, &city, &street, &ph}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, dedupe.NewRecord(id, fam, giv, fk, gk, birth, sex, postal, pref+city, street, ph))
	}
	return out, rows.Err()
}

package sqldb

import (
	"context"
	"database/sql"
	"strings"
)

// Separators of the names read by birth date: fields (id and the four
// names) and, in the aggregated form, rows. A name holding one is read
// whole (counted, never guessed).
const (
	fieldSep = "\x1f"
	rowSep   = "\x1e"
)

// byBirth adds the candidates sharing a birth key, ids and names alone from
// the index persons_birth_names. The rows come aggregated into one string
// (string_agg, in index order): some 280 rows at a million persons, and
// handing each over as a row of its own cost more than the rest of the
// lookup. When a name holds a separator, the rows are read one by one.
func (t *Tx) byBirth(ctx context.Context, c *candidateSet, muni string, births []string, limit string) error {
	args := []any{muni}
	for _, b := range births {
		args = append(args, b)
	}
	from := " FROM persons WHERE municipality_id = ? AND identified = 1 AND birth_date IN (" + placeholders(len(births)) + ")" + limit
	row := "id || '" + fieldSep + "' || family_name || '" + fieldSep + "' || given_name || '" + fieldSep + "' || family_kana || '" + fieldSep + "' || given_kana"
	var n int
	var all sql.NullString
	if err := t.queryRow(ctx, "SELECT COUNT(*), string_agg(r, '"+rowSep+"') FROM (SELECT "+row+" AS r"+from+") b", args...).Scan(&n, &all); err != nil {
		return err
	}
	s := all.String
	if n == 0 {
		return nil
	}
	if strings.Count(s, rowSep) != n-1 || strings.Count(s, fieldSep) != 4*n {
		return t.byBirthRows(ctx, c, "SELECT "+row+from, args)
	}
	for r := range strings.SplitSeq(s, rowSep) {
		if !c.add(namesRow(r), true) {
			break
		}
	}
	return nil
}

// byBirthRows is byBirth one row at a time.
func (t *Tx) byBirthRows(ctx context.Context, c *candidateSet, q string, args []any) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r string
	for rows.Next() {
		if err := rows.Scan(&r); err != nil {
			return err
		}
		ok := true
		if strings.Count(r, fieldSep) == 4 {
			ok = c.add(namesRow(r), true)
		} else { // a separator in a name: the row is read whole
			id, _, _ := strings.Cut(r, fieldSep)
			ok = c.addLater(id)
		}
		if !ok {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

// namesRow splits id and the four names joined by fieldSep.
func namesRow(r string) checkRow {
	var d checkRow
	d.id, r, _ = strings.Cut(r, fieldSep)
	d.fam, r, _ = strings.Cut(r, fieldSep)
	d.giv, r, _ = strings.Cut(r, fieldSep)
	d.fk, d.gk, _ = strings.Cut(r, fieldSep)
	return d
}

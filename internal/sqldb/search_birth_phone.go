package sqldb

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/nameindex"
)

// phoneDigits is the SQL expression of a phone column without the
// separators Person.Normalize keeps (hyphens, spaces, brackets, plus), the
// same on SQLite and PostgreSQL.
func phoneDigits(col string) string {
	return "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(" + col + ", '-', ''), ' ', ''), '(', ''), ')', ''), '+', '')"
}

// personsByBirthOrPhone finds the identified persons of a birth-date query
// (the stored ISO forms, through the index on municipality_id and
// birth_date) or of a phone query (the digits of phone or phone2, typed with
// or without hyphens; a scan of the municipality's persons), in ふりがな
// order. The caller loads the rows and applies the access rules.
func (t *Tx) personsByBirthOrPhone(ctx context.Context, muni string, pq casework.PersonQuery, limit int) ([]nameindex.Hit, error) {
	var q string
	args := []any{muni}
	switch pq.Kind {
	case casework.SearchByBirth:
		q = "SELECT id FROM persons WHERE municipality_id = ? AND identified = 1 AND birth_date IN (" + placeholders(len(pq.Births)) + ")"
		for _, b := range pq.Births {
			args = append(args, b)
		}
	case casework.SearchByPhone:
		q = "SELECT id FROM persons WHERE municipality_id = ? AND identified = 1 AND (" + phoneDigits("phone") + " = ? OR " + phoneDigits("phone2") + " = ?)"
		args = append(args, pq.Phone, pq.Phone)
	default:
		return nil, nil
	}
	ids, err := collect(ctx, t, scanString, q+" ORDER BY kana_key, id LIMIT "+itoa(limit), args...)
	if err != nil {
		return nil, err
	}
	hits := make([]nameindex.Hit, len(ids))
	for i, id := range ids {
		hits[i] = nameindex.Hit{ID: id, Score: 100}
	}
	return hits, nil
}

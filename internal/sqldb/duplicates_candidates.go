package sqldb

import (
	"context"
	"slices"
	"strings"

	"kasane/internal/dedupe"
)

// candidates finds the persons sharing a blocking key with r through the
// indexes on name_key, kana_key, birth_date and phone, and scores them.
//
// The other names (旧姓, 通称; issue 23) are looked up on their own: the
// persons whose name is one of r's other names (others: their whole-name
// keys), and the persons whose other names (person_aliases) are r's name
// or one of its other names; their rows are read whole, and every
// candidate carries its stored other names when it is scored.
func (t *Tx) candidates(ctx context.Context, muni string, r dedupe.Record, nameKey, kanaKey string, others [][2]string, births []string, phone string, th dedupe.Thresholds) ([]dedupe.Record, []dedupe.Pair, error) {
	// One indexed lookup per key, UNION ALL (an OR across columns would
	// scan; UNION would put every row into a temporary index to drop the
	// repeats, half the time of the check at a million persons): repeats
	// are dropped here, and the candidates put in id order, the order UNION
	// gave, so that hits of equal score come in the same order.
	//
	// Most candidates share only the birth date or the year of birth (~280
	// of ~290 at a million persons, 230 of them registered with the year
	// alone), and their names rarely match. The lookup by birth date is a
	// query of its own that reads only id and names, from the index
	// persons_birth_names (migration 0015), none from the table; the rows
	// of those whose names may match are read afterwards by id. The rows
	// are taken in the order of the one UNION ALL before: name, reading,
	// birth dates, phone.
	c := candidateSet{r: r, skip: th.Review > dedupe.NoNameMax, seen: make(map[string]bool, 512)}
	limit := " LIMIT " + itoa(4*maxCandidates) // a person is in at most 4 of the lookups
	base := func(tag string) string {
		return "SELECT " + dupCols + ", " + tag + " FROM persons WHERE municipality_id = ? AND identified = 1 AND "
	}
	if err := t.aliasCandidates(ctx, &c, muni, nameKey, kanaKey, others, limit); err != nil {
		return nil, nil, err
	}
	q := base("0") + "name_key = ? UNION ALL " + base("0") + "kana_key = ?"
	args := []any{muni, nameKey, muni, kanaKey}
	for _, o := range others {
		if o[0] != "" {
			q += " UNION ALL " + base("0") + "name_key = ?"
			args = append(args, muni, o[0])
		}
		if o[1] != "" {
			q += " UNION ALL " + base("0") + "kana_key = ?"
			args = append(args, muni, o[1])
		}
	}
	if len(r.Phone) >= 6 {
		q += " UNION ALL " + base("1") + "phone = ?"
		args = append(args, muni, phone) // as stored (Normalize keeps the hyphens typed)
	}
	var byPhone []checkRow
	err := t.checkRows(ctx, q+limit, args, func(d checkRow, tag int) bool {
		if tag == 1 {
			byPhone = append(byPhone, d)
			return true
		}
		return c.add(d, false)
	})
	if err != nil {
		return nil, nil, err
	}
	if len(births) > 0 && !c.full() {
		if err := t.byBirth(ctx, &c, muni, births, limit); err != nil {
			return nil, nil, err
		}
	}
	for _, d := range byPhone {
		c.add(d, false)
	}
	if len(c.later) > 0 {
		err := t.checkRows(ctx, "SELECT "+dupCols+", 0 FROM persons WHERE id IN ("+placeholders(len(c.later))+")", c.later, func(d checkRow, _ int) bool {
			c.cs = append(c.cs, d.record())
			return true
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if err := t.attachAliases(ctx, c.cs); err != nil {
		return nil, nil, err
	}
	slices.SortFunc(c.cs, func(a, b dedupe.Record) int { return strings.Compare(a.ID, b.ID) })
	return c.cs, dedupe.Check(r, c.cs, th), nil
}

// aliasCandidates queues the persons whose other names (person_aliases)
// are the name of the check or one of its other names. They go first: a
// lookup by birth date that passed them over on their own names (they may
// share neither surname nor given name) would mark them seen.
func (t *Tx) aliasCandidates(ctx context.Context, c *candidateSet, muni, nameKey, kanaKey string, others [][2]string, limit string) error {
	var q []string
	var args []any
	add := func(col, key string) {
		if key != "" {
			q = append(q, "SELECT person_id FROM person_aliases WHERE municipality_id = ? AND "+col+" = ?")
			args = append(args, muni, key)
		}
	}
	add("name_key", nameKey)
	add("kana_key", kanaKey)
	for _, o := range others {
		add("name_key", o[0])
		add("kana_key", o[1])
	}
	if len(q) == 0 {
		return nil
	}
	ids, err := collect(ctx, t, scanString, strings.Join(q, " UNION ALL ")+limit, args...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !c.addLater(id) {
			break
		}
	}
	return nil
}

// maxCandidates bounds the distinct candidates of one check.
const maxCandidates = 2000

// candidateSet gathers the candidates of a check: each person once, and,
// when the review threshold is above what a pair with unmatched names can
// score (skip), only those whose names may match: the pairs reported are
// the same, and the others' keys are never derived nor their rows read.
type candidateSet struct {
	r     dedupe.Record
	skip  bool
	seen  map[string]bool
	cs    []dedupe.Record
	later []any // ids of candidates found by names alone, whose rows are still to read
}

func (c *candidateSet) full() bool { return len(c.seen) >= maxCandidates }

// add takes the row d (names alone when namesOnly) and reports whether
// more rows are wanted.
func (c *candidateSet) add(d checkRow, namesOnly bool) bool {
	if c.full() {
		return false
	}
	if c.seen[d.id] {
		return true
	}
	c.seen[d.id] = true
	switch {
	case c.skip && !dedupe.NamesMayMatch(c.r, d.fam, d.giv, d.fk, d.gk):
	case namesOnly:
		c.later = append(c.later, d.id)
	default:
		c.cs = append(c.cs, d.record())
	}
	return true
}

// addLater takes the id of a candidate whose row is to be read whole.
func (c *candidateSet) addLater(id string) bool {
	if c.full() {
		return false
	}
	if !c.seen[id] {
		c.seen[id] = true
		c.later = append(c.later, id)
	}
	return true
}

// checkRow is a person's row as the check reads it (dupCols).
type checkRow struct{ id, fam, giv, fk, gk, birth, sex, postal, pref, city, street, ph string }

func (d checkRow) record() dedupe.Record {
	return dedupe.NewRecord(d.id, d.fam, d.giv, d.fk, d.gk, d.birth, d.sex, d.postal, d.pref+d.city, d.street, d.ph)
}

// checkRows runs q, which selects dupCols and an integer tag, and calls fn
// for each row until fn returns false.
func (t *Tx) checkRows(ctx context.Context, q string, args []any, fn func(checkRow, int) bool) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var d checkRow
	var tag int
	dest := []any{&d.id, &d.fam, &d.giv, &d.fk, &d.gk, &d.birth, &d.sex, &d.postal, &d.pref, &d.city, &d.street, &d.ph, &tag}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if !fn(d, tag) {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

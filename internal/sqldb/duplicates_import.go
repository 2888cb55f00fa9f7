package sqldb

import (
	"context"
	"encoding/hex"
	"sort"
	"strings"

	"kasane/internal/casework"
)

// importArrivals keeps what an import needs to put its rows on the review
// list of the duplicates page once they are written (issue 23): the id of
// every row written, 20 bytes a row (the pairs within the file are known
// only after the last row), and the rows carrying a 旧姓 or 通称 (few).
type importArrivals struct {
	rows    []int32
	ids     [][16]byte
	aliased []casework.Person
}

func (x *importArrivals) add(row int, p *casework.Person) {
	var b [16]byte
	if n, err := hex.Decode(b[:], []byte(strings.ReplaceAll(p.ID, "-", ""))); err != nil || n != 16 {
		panic("import id " + p.ID) // importIDs makes UUIDs
	}
	x.rows, x.ids = append(x.rows, int32(row)), append(x.ids, b)
	if p.MaidenName != "" || p.Alias != "" {
		x.aliased = append(x.aliased, *p)
	}
}

// id is the person written from row ("" if none).
func (x *importArrivals) id(row int) string {
	i := sort.Search(len(x.rows), func(i int) bool { return x.rows[i] >= int32(row) })
	if i == len(x.rows) || x.rows[i] != int32(row) {
		return ""
	}
	h := hex.EncodeToString(x.ids[i][:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// save mirrors the rows' 旧姓 and 通称 and lists the flagged pairs (a row
// and a registered person, or two rows of the file) as candidates.
func (x *importArrivals) save(ctx context.Context, tx *Tx, muni string, dups []ImportDuplicate) error {
	for i := range x.aliased {
		if err := tx.saveFormAliases(ctx, muni, &x.aliased[i]); err != nil {
			return err
		}
	}
	th, err := tx.thresholds(ctx, muni)
	if err != nil {
		return err
	}
	pairs := make([]DuplicatePair, 0, len(dups))
	for _, d := range dups {
		a, b := x.id(d.Row), d.PersonID
		if d.OtherRow > 0 {
			b = x.id(d.OtherRow)
		}
		if a == "" || b == "" || a == b {
			continue
		}
		pairs = append(pairs, DuplicatePair{A: a, B: b, Score: d.Score, Same: th.IsSame(d.Score, d.Reasons), Reasons: d.Reasons})
	}
	return tx.insertCandidates(ctx, muni, pairs)
}

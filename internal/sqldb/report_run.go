package sqldb

import (
	"context"
	"math/bits"

	"kasane/internal/report"
)

// reportRun is one computation of the annual report: its municipality and
// fiscal year, and what several builders share: the persons linked by 名寄せ
// (read once) and dense numbers for persons and households, so the 実人数
// and 世帯数 of a row are tallied in slices and bitsets instead of maps of
// strings (issue 24: 100,000 cases and a million contacts in a second).
type reportRun struct {
	muni string
	r    report.FiscalRange

	roots      personRoots
	rootsRead  bool
	persons    map[string]int32 // a root person's dense number
	households map[string]int32 // a household's dense number
	cases      []yearCase       // the cases received in the year (report_case_year.go)
}

func newReportRun(muni string, r report.FiscalRange) *reportRun {
	return &reportRun{muni: muni, r: r, persons: map[string]int32{}, households: map[string]int32{}}
}

// linked reads the live 名寄せ decisions once per report.
func (x *reportRun) linked(ctx context.Context, t *Tx) error {
	if x.rootsRead {
		return nil
	}
	roots, err := t.linkedPersons(ctx, x.muni)
	if err != nil {
		return err
	}
	x.roots, x.rootsRead = roots, true
	return nil
}

// person is the dense number of a person's root (persons linked by 名寄せ
// share one); linked must have been read.
func (x *reportRun) person(id string) int32 {
	id = x.roots.root(id)
	n, ok := x.persons[id]
	if !ok {
		n = int32(len(x.persons))
		x.persons[id] = n
	}
	return n
}

// personB is person for an id read as bytes (no copy unless new).
func (x *reportRun) personB(id []byte) int32 {
	if len(x.roots) > 0 {
		return x.person(string(id))
	}
	n, ok := x.persons[string(id)]
	if !ok {
		n = int32(len(x.persons))
		x.persons[string(id)] = n
	}
	return n
}

// householdB is household for an id read as bytes.
func (x *reportRun) householdB(id []byte) int32 {
	if len(id) == 0 {
		return -1
	}
	n, ok := x.households[string(id)]
	if !ok {
		n = int32(len(x.households))
		x.households[string(id)] = n
	}
	return n
}

// household is the dense number of a household, -1 for none.
func (x *reportRun) household(id string) int32 {
	if id == "" {
		return -1
	}
	n, ok := x.households[id]
	if !ok {
		n = int32(len(x.households))
		x.households[id] = n
	}
	return n
}

// distinctTally collects the distinct persons and households of one row:
// for each person (dense number), the fiscal months of their records (bit 0
// = April), whether they had a record in the year at all and whether a
// record names their household; and the set of households named.
type distinctTally struct {
	persons    []uint16
	households []uint64
}

const (
	tallyInYear = 1 << 12 // a record in the year (months may be empty)
	tallyNamed  = 1 << 13 // a record names the person's household
)

// add counts a record of month m (-1: outside the year's months, counted in
// the year only).
func (d *distinctTally) add(m int, person, household int32) {
	var mask uint16
	if m >= 0 && m < 12 {
		mask = 1 << m
	}
	d.addMonths(mask, person, household)
}

// addMonths counts records in the months of mask (bit 0 = April).
func (d *distinctTally) addMonths(mask uint16, person, household int32) {
	if int(person) >= len(d.persons) {
		d.persons = append(d.persons, make([]uint16, int(person)+1-len(d.persons)+len(d.persons)/2)...)
	}
	b := d.persons[person] | mask | tallyInYear
	if household >= 0 {
		b |= tallyNamed
		w := int(household) / 64
		if w >= len(d.households) {
			d.households = append(d.households, make([]uint64, w+1-len(d.households)+len(d.households)/2)...)
		}
		d.households[w] |= 1 << (uint(household) % 64)
	}
	d.persons[person] = b
}

func (d *distinctTally) set(r *report.Row) {
	var p, h int64
	for _, w := range d.households {
		h += int64(bits.OnesCount64(w))
	}
	r.PersonsMonths = make([]int64, 12)
	for _, b := range d.persons {
		if b&tallyInYear == 0 {
			continue
		}
		p++
		if b&tallyNamed == 0 {
			h++ // a person alone: their own household
		}
		for m := range 12 {
			if b&(1<<m) != 0 {
				r.PersonsMonths[m]++
			}
		}
	}
	r.Persons, r.Households = &p, &h
}

package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// yearCase is a case received in the report's fiscal year, as the new
// consultations and their breakdowns count it.
// Codes are kept as numbers: bunya a bit per casework.Bunya code, cells
// the row of each breakdown (breakdownKeys), so the year's cases hold no
// pointers.
type yearCase struct {
	month             int8
	cells             [7]uint8
	bunya             uint32
	person, household int32
}

// breakdownKeys are the breakdowns of the new consultations, in page order,
// with the row a value outside the code list falls in.
var breakdownKeys = []struct{ key, fallback string }{
	{report.SecIntakeOrg, "others"}, {report.SecIntakeRoute, ""}, {report.SecIntakeMethod, ""}, {report.SecAgeBand, "unknown"},
	{report.SecSex, "unknown"}, {report.SecPrimaryIssue, ""}, {report.SecScreening, ""},
}

// yearCases reads the cases received in the year once per report, from the
// index cases_report alone (migration 0041: the focus person's sex and
// birth date are copied onto the case, so no person is looked up).
func (x *reportRun) yearCases(ctx context.Context, t *Tx) ([]yearCase, error) {
	if x.cases != nil {
		return x.cases, nil
	}
	if err := x.linked(ctx, t); err != nil {
		return nil, err
	}
	kinds := map[string]string{}
	orgs, err := t.query(ctx, "SELECT id, kind FROM organizations WHERE municipality_id = ?", x.muni)
	if err != nil {
		return nil, err
	}
	for orgs.Next() {
		var id, kind string
		if err := orgs.Scan(&id, &kind); err != nil {
			orgs.Close()
			return nil, err
		}
		kinds[id] = kind
	}
	orgs.Close()
	if err := orgs.Err(); err != nil {
		return nil, err
	}
	// one text column per case, the fields joined by U+001F and read
	// without copying (sql.RawBytes): a column read costs more than the
	// SQL's concatenation
	sep := " || char(31) || "
	if t.dialect == Postgres {
		sep = " || chr(31) || "
	}
	rows, err := t.query(ctx, "SELECT "+strings.Join([]string{"received_on", "focus_person_id", "household_id", "bunya", "route", "method", "primary_problem",
		"screening", "intake_org_id", "lead_org_id", "focus_age_band", "focus_sex", "focus_birth_date"}, sep)+" FROM cases "+
		"WHERE municipality_id = ? AND received_on >= ? AND received_on <= ?", x.muni, x.r.From, x.r.To)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []yearCase{}
	ages := newAgeBands()
	codes := map[string]string{} // the few distinct code values, shared
	code := func(b []byte) string {
		s, ok := codes[string(b)]
		if !ok {
			s = string(b)
			codes[s] = s
		}
		return s
	}
	bunyas := map[string]uint32{}
	bunyaIndex := map[string]int{}
	for i, it := range casework.Bunya {
		bunyaIndex[it.Value] = i
	}
	cellIndex := make([]map[string]uint8, len(breakdownKeys))
	for i, k := range breakdownKeys {
		cellIndex[i] = map[string]uint8{}
		for j, it := range report.Breakdown(k.key) {
			cellIndex[i][it.Value] = uint8(j)
		}
	}
	cell := func(i int, v string) uint8 {
		j, ok := cellIndex[i][v]
		if !ok {
			j = cellIndex[i][breakdownKeys[i].fallback]
		}
		return j
	}
	var raw sql.RawBytes
	var f [13][]byte
	for rows.Next() {
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		rest := []byte(raw)
		for i := range f {
			j := bytes.IndexByte(rest, 0x1f)
			if j < 0 {
				f[i], rest = rest, nil
				continue
			}
			f[i], rest = rest[:j], rest[j+1:]
		}
		received := code(f[0])
		var c yearCase
		c.month, c.person, c.household = int8(x.r.MonthIndex(received)), x.personB(f[1]), x.householdB(f[2])
		b, ok := bunyas[string(f[3])]
		if !ok {
			for _, g := range splitList(string(f[3])) {
				if i, ok := bunyaIndex[g]; ok {
					b |= 1 << i
				}
			}
			bunyas[string(f[3])] = b
		}
		c.bunya = b
		org := f[8]
		if len(org) == 0 {
			org = f[9] // rows written without it (bulk test data)
		}
		age := code(f[10]) // kept when the person was anonymized by a disposal (retention_dispose.go)
		if age == "" {
			age = ages.on(code(f[12]), received)
		}
		for i, v := range [7]string{report.IntakeOrgRow(kinds[string(org)]), code(f[4]), code(f[5]), age, code(f[11]), code(f[6]), code(f[7])} {
			c.cells[i] = cell(i, v)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	x.cases = out
	return out, nil
}

// newConsultations is the section of new consultations by 分野 with its
// 実人数 and 世帯数, from the year's cases: a case with several 分野 counts
// once in the total and once per 分野; its primary 分野 is the first of the
// code list it has.
func newConsultations(cases []yearCase) report.Section {
	key := report.SecNewConsultations
	s := report.Section{Key: key, Title: title(key), Unit: "件", Drill: true}
	list := casework.Bunya
	rows := make([]report.Row, len(list)+1)
	rows[0] = report.NewRow("合計", nil)
	primary := make([]report.Row, len(list)+1)
	for i, it := range list {
		rows[i+1] = report.NewRow(it.Label, map[string]string{"bunya": it.Value})
		primary[i] = report.NewRow(it.Label, nil)
	}
	primary[len(list)] = report.NewRow("未設定", nil)
	tallies := make([]distinctTally, len(rows))
	for _, c := range cases {
		m := int(c.month)
		rows[0].Add(m, 1)
		tallies[0].add(m, c.person, c.household)
		first := len(list)
		for i := range list {
			if c.bunya&(1<<i) == 0 {
				continue
			}
			rows[i+1].Add(m, 1)
			tallies[i+1].add(m, c.person, c.household)
			first = min(first, i)
		}
		primary[first].Add(m, 1)
	}
	for i := range rows {
		tallies[i].set(&rows[i])
	}
	s.Rows = rows
	for _, p := range primary {
		if p.Total > 0 {
			s.Primary = append(s.Primary, p)
		}
	}
	s.Note = "受付日で数えます。複数の分野にまたがるケースは各分野に数えるため、分野の合計は実件数を超えることがあります。" + personsMonthsNote
	return s
}

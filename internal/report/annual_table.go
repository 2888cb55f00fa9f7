package report

import (
	"strconv"

	"kasane/internal/japanese"
)

// IndicatorSectionTitle is the title of the indicator set on pages and in
// files.
const IndicatorSectionTitle = "重層的支援体制整備事業実施計画の評価指標"

// AnnualTable flattens the annual report into one table: first the
// indicator set of the 実施計画 (実績 in 合計, with 目標, 達成率 and the
// figures per 10万人; the population it uses on a line of its own), then a
// line per row of each section with the twelve months, the total and the
// share (構成比). A row with 実人数 is followed by the line of its monthly
// 実人数 (「…（実人数）」): the months' distinct persons, the year's in 実人数.
func AnnualTable(a *Annual) *Table {
	t := &Table{Name: japanese.FiscalYearName(a.FiscalYear) + "集計"}
	t.Columns = []Column{{"集計項目", Text}, {"区分", Text}}
	for _, m := range a.MonthNames() {
		t.Columns = append(t.Columns, Column{m, Int})
	}
	// Int columns hold numbers (達成率 and the figures per 10万人 with one decimal)
	t.Columns = append(t.Columns, Column{"合計", Int}, Column{"割合(%)", Text}, Column{"単位", Text}, Column{"実人数", Int}, Column{"世帯数", Int},
		Column{"目標", Int}, Column{"達成率(%)", Int}, Column{"人口10万人あたり実績", Int}, Column{"人口10万人あたり目標", Int})
	width := len(t.Columns)
	line := func(section, label string) []any {
		row := make([]any, width)
		row[0], row[1] = section, label
		return row
	}
	const (
		colTotal   = 14
		colShare   = 15
		colUnit    = 16
		colPersons = 17
		colHouse   = 18
		colTarget  = 19
		colPercent = 20
		colPer     = 21
		colTPer    = 22
	)
	if s := a.Indicators; s != nil {
		for _, r := range s.Rows {
			row := line(IndicatorSectionTitle, r.Label)
			row[colTotal], row[colUnit] = r.Actual, r.Unit
			row[colTarget], row[colPercent], row[colPer], row[colTPer] = optInt(r.Target), optFloat(r.Percent), optFloat(r.ActualPer100k), optFloat(r.TargetPer100k)
			t.Rows = append(t.Rows, row)
		}
		if s.Population != nil {
			row := line(IndicatorSectionTitle, "人口（人口10万人あたりの基礎）"+s.PopulationLabel())
			row[colTotal], row[colUnit] = *s.Population, "人"
			t.Rows = append(t.Rows, row)
		}
	}
	for _, s := range a.Sections {
		for _, r := range s.Rows {
			row := line(s.Title, r.Label)
			for i, v := range r.Months {
				row[2+i] = v
			}
			share := ""
			if r.Share > 0 {
				share = strconv.FormatFloat(r.Share, 'f', 1, 64)
			}
			row[colTotal], row[colShare], row[colUnit], row[colPersons], row[colHouse] = r.Total, share, s.Unit, optInt(r.Persons), optInt(r.Households)
			t.Rows = append(t.Rows, row)
			if len(r.PersonsMonths) == 12 {
				pr := line(s.Title, r.PersonsLabel())
				for i, v := range r.PersonsMonths {
					pr[2+i] = v
				}
				pr[colShare], pr[colUnit], pr[colPersons] = "", "人", optInt(r.Persons)
				t.Rows = append(t.Rows, pr)
			}
		}
	}
	return t
}

// optInt is a figure that only some rows have (an empty cell without).
func optInt(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}

func optFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

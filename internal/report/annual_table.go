package report

import (
	"strconv"

	"kasane/internal/japanese"
)

// AnnualTable flattens the annual report into one table: a line per row of
// each section with the twelve months, the total and the share (構成比).
func AnnualTable(a *Annual) *Table {
	t := &Table{Name: japanese.FiscalYearName(a.FiscalYear) + "集計"}
	t.Columns = []Column{{"集計項目", Text}, {"区分", Text}}
	for _, m := range a.MonthNames() {
		t.Columns = append(t.Columns, Column{m, Int})
	}
	t.Columns = append(t.Columns, Column{"合計", Int}, Column{"割合(%)", Text}, Column{"単位", Text}, Column{"実人数", Int}, Column{"世帯数", Int})
	for _, s := range a.Sections {
		for _, r := range s.Rows {
			row := []any{s.Title, r.Label}
			for _, v := range r.Months {
				row = append(row, v)
			}
			share := ""
			if r.Share > 0 {
				share = strconv.FormatFloat(r.Share, 'f', 1, 64)
			}
			row = append(row, r.Total, share, s.Unit, optInt(r.Persons), optInt(r.Households))
			t.Rows = append(t.Rows, row)
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

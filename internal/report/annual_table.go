package report

import (
	"strconv"
	"strings"
)

// AnnualTable flattens the annual report into one table: a line per row of
// each section with the twelve months, the total and the share (按分).
func AnnualTable(a *Annual) *Table {
	t := &Table{Name: strconv.Itoa(a.FiscalYear) + "年度集計"}
	t.Columns = []Column{{"集計項目", Text}, {"区分", Text}}
	for _, m := range a.Months {
		y, mo, _ := strings.Cut(m, "-")
		n, _ := strconv.Atoi(mo)
		t.Columns = append(t.Columns, Column{y + "年" + strconv.Itoa(n) + "月", Int})
	}
	t.Columns = append(t.Columns, Column{"合計", Int}, Column{"割合(%)", Text}, Column{"単位", Text})
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
			row = append(row, r.Total, share, s.Unit)
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

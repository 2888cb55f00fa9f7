package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// goldenAnnual is a small annual report: the indicator set of the 実施計画
// (a target, a population), a case section with 実人数 (by month and for
// the year) and 世帯数, and the internal analysis with its shares.
func goldenAnnual() *Annual {
	r := Fiscal(2026)
	a := &Annual{FiscalYear: 2026, From: r.From, To: r.To, Months: r.Months}
	p, h := int64(2), int64(1)
	total := NewRow("合計", nil)
	total.Add(0, 2)
	total.Add(11, 1)
	total.Persons, total.Households = &p, &h
	total.PersonsMonths = []int64{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1} // the same person in April and March: 2 in the year
	kaigo := NewRow("介護", map[string]string{"bunya": "kaigo"})
	kaigo.Add(0, 2)
	kaigo.Persons, kaigo.Households = &p, &h
	kaigo.PersonsMonths = []int64{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	a.Sections = append(a.Sections, Section{Key: SecNewConsultations, Title: Titles.Label(SecNewConsultations), Unit: "件", Rows: []Row{total, kaigo}})
	m1, m2 := NewRow("介護", nil), NewRow("困窮", nil)
	m1.Add(1, 30)
	m2.Add(2, 60)
	ab := Section{Key: SecMinutesByBunya, Title: Titles.Label(SecMinutesByBunya), Unit: "分", Rows: []Row{m1, m2}}
	ab.Shares()
	a.Sections = append(a.Sections, ab)
	a.Indicators = NewIndicatorSet(map[string]int64{IndConsultations: 3, IndSankaPersons: 7, IndHosts: 4},
		[]Target{{FiscalYear: 2026, Indicator: IndConsultations, Target: 8}, {FiscalYear: 2026, Indicator: IndHosts, Target: 0}},
		&Population{FiscalYear: 2025, Population: 123456, AsOf: "2025-04-01"})
	a.SetLabels()
	return a
}

// TestAnnualXLSXLayoutGolden fixes the layout of the annual report's .xlsx:
// sheet names, the header row and the first rows (testdata/annual_layout.golden;
// `go test ./internal/report -run Golden -update` rewrites it after a
// deliberate change).
func TestAnnualXLSXLayoutGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, AnnualTable(goldenAnnual())); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		b.WriteString("# sheet " + sheet + "\n")
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			if i >= 16 {
				break
			}
			b.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	path := filepath.Join("testdata", "annual_layout.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("xlsx layout changed:\n%s\nwant:\n%s", b.String(), want)
	}
	// figures are typed numbers: 実績, 目標, 達成率 and per 10万人 of the
	// first indicator (相談受付件数: 3 of 8, 37.5%; per 123,456 people)
	sheet := f.GetSheetList()[0]
	for cell, want := range map[string]string{"O2": "3", "T2": "8", "U2": "37.5", "V2": "2.4", "W2": "6.4"} {
		raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if raw != want {
			t.Errorf("%s = %q, want %q", cell, raw, want)
		}
		if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s is not a number cell: %v", cell, typ)
		}
	}
}

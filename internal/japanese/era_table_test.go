package japanese

import (
	"strings"
	"testing"
	"time"
)

// TestNewEraIsData: adding an era is one line in data/eras.tsv; parsing,
// display, 年度 and the era ranges follow from the table.
func TestNewEraIsData(t *testing.T) {
	saved, savedNames := eras, eraNames
	t.Cleanup(func() { eras, eraNames = saved, savedNames })
	var err error
	eras, err = parseEras(erasTSV + "新元\tN\t2045-01-01\n")
	if err != nil {
		t.Fatal(err)
	}
	eraNames = eraPrefixes()
	if got := FormatWareki(time.Date(2046, 3, 4, 0, 0, 0, 0, time.UTC)); got != "新元2年3月4日" {
		t.Fatalf("format: %s", got)
	}
	for _, in := range []string{"新元2年3月4日", "N2.3.4", "n2/3/4", "新2.3.4"} {
		d, err := ParseDate(in)
		if err != nil || d.ISO() != "2046-03-04" {
			t.Fatalf("parse %s: %v %v", in, d, err)
		}
	}
	if _, err := ParseDate("令和27年1月1日"); err == nil || !strings.Contains(err.Error(), "令和") {
		t.Fatalf("令和 must end the day before the new era: %v", err)
	}
	if d, err := ParseDate("令和26年12月31日"); err != nil || d.ISO() != "2044-12-31" {
		t.Fatalf("last day of 令和: %v %v", d, err)
	}
	if got := FiscalYearLabel(2045); got != "新元元年度（2045年度）" {
		t.Fatalf("年度: %s", got)
	}
	for _, bad := range []string{"令和\tR\n", "x\tR\t2019-05-01\n明治\tM\t1868-01-01\n", "令和\tRR\t2019-05-01\n"} {
		if _, err := parseEras(bad); err == nil {
			t.Errorf("bad table accepted: %q", bad)
		}
	}
}

// TestErasTableMatchesHistory pins the shipped table.
func TestErasTableMatchesHistory(t *testing.T) {
	var got []string
	for _, e := range Eras() {
		got = append(got, e.Name+e.Letter+e.Start)
	}
	want := "明治M1868-01-01 大正T1912-07-30 昭和S1926-12-25 平成H1989-01-08 令和R2019-05-01"
	if strings.Join(got, " ") != want {
		t.Fatalf("eras: %v", got)
	}
}

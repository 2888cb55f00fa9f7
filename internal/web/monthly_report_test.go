package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"
)

// Issue 22: the monthly reports of the contractors (委託事業者の月次報告).

// monthlyJSON is GET /api/v1/reports/monthly/{program} as a test reads it.
type monthlyJSON struct {
	OrganizationID  string `json:"organization_id"`
	FiscalYearLabel string `json:"fiscal_year_label"`
	Measures        []struct {
		Key, Label, Kind string
	} `json:"measures"`
	Months []monthlyRowJSON `json:"months"`
	Total  monthlyRowJSON   `json:"total"`
}

type monthlyRowJSON struct {
	Month, Label   string
	OrganizationID string `json:"organization_id"`
	Values         map[string]*int
}

func decodeInto(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("not JSON: %v %s", err, body)
	}
}

func (r monthlyRowJSON) v(key string) int {
	if p := r.Values[key]; p != nil {
		return *p
	}
	return -1 // blank
}

func (e *env) monthly(tok, program, query string) (monthlyJSON, resp) {
	e.t.Helper()
	r := e.api("GET", "/api/v1/reports/monthly/"+program+"?"+query, tok, nil)
	var m monthlyJSON
	if r.StatusCode == 200 {
		decodeInto(e.t, r.Body, &m)
	}
	return m, r
}

// TestMonthlyReportTakikan seeds a 多機関協働 contractor's year up to
// 1 June 2026: つなぎ received (one accepted, dated in May though entered in
// June; one declined), a case it took itself, a plan, a 重層的支援会議 and a
// 支援会議 it attended with their cases, a closure of a case on its team
// and the hand-over of the lead of its own case. Its monthly report has
// these by month, the months still to come blank and the 合計 row; the
// municipality-wide view adds up across organizations, counting a meeting
// two organizations attended once.
func TestMonthlyReportTakikan(t *testing.T) {
	e := newEnv(t) // now: 2026-06-01 10:00 JST
	worker, coord, worker2 := e.token("worker"), e.token("coord"), e.token("worker2")
	tk, hk := e.orgs["takikan"].ID, e.orgs["houkatsu"].ID

	// case A (地域包括, received 5/20): つなぎ to 多機関協働 dated 5/21, accepted
	cidA, pidA := e.teamCase()
	e.consent(worker, pidA, []string{hk, tk}, "")
	ra := e.api("POST", "/api/v1/referrals", worker, map[string]any{"case_id": cidA, "to_organization_id": tk, "reason": "複合課題", "referred_on": "2026-05-21"})
	if ra.StatusCode != 201 {
		t.Fatalf("referral A: %d %s", ra.StatusCode, ra.Body)
	}
	if r := e.api("POST", "/api/v1/referrals/"+ra.JSON(t)["id"].(string)+"/accept", coord, nil); r.StatusCode != 200 {
		t.Fatalf("accept A: %d %s", r.StatusCode, r.Body)
	}
	// case B (くらし, received 4/10): つなぎ dated 4/15, declined
	pidB := e.mkPerson(worker2, map[string]any{"family_name": "鈴木", "given_name": "二郎", "family_name_kana": "スズキ", "given_name_kana": "ジロウ", "birth_date": "1975-08-01", "sex": "male"})
	cidB := e.caseOn(worker2, pidB, "2026-04-10", "konkyu")
	e.consent(worker2, pidB, []string{e.orgs["kurashi"].ID, tk}, "")
	rb := e.api("POST", "/api/v1/referrals", worker2, map[string]any{"case_id": cidB, "to_organization_id": tk, "reason": "家計", "referred_on": "2026-04-15"})
	if rb.StatusCode != 201 {
		t.Fatalf("referral B: %d %s", rb.StatusCode, rb.Body)
	}
	if r := e.api("POST", "/api/v1/referrals/"+rb.JSON(t)["id"].(string)+"/decline", coord, map[string]any{"reason": "自立相談で対応"}); r.StatusCode != 200 {
		t.Fatalf("decline B: %d %s", r.StatusCode, r.Body)
	}
	// case C: taken by 多機関協働 itself on 5/12, planned, then handed to 地域包括
	pidC := e.mkPerson(coord, map[string]any{"family_name": "佐藤", "given_name": "三郎", "family_name_kana": "サトウ", "given_name_kana": "サブロウ", "birth_date": "1990-01-15", "sex": "male"})
	cidC := e.caseOn(coord, pidC, "2026-05-12", "other")
	if r := e.api("POST", "/api/v1/cases/"+cidC+"/assessments", coord, map[string]any{"household": "単身", "issues": "就労と住まい", "direction": "関係機関で分担"}); r.StatusCode != 201 {
		t.Fatalf("assessment C: %d %s", r.StatusCode, r.Body)
	}
	e.mkPlan(coord, cidC, planBody(tk))
	// meetings: a 重層的支援会議 on 5/27 and a 支援会議 on 4/28, each with case A
	jm := e.meetingAt("jusoteki_shien_kaigi", "2026-05-27T14:00:00+09:00", "takikan", "houkatsu")
	e.meetingItem(jm, cidA)
	sm := e.meetingAt("shien_kaigi", "2026-04-28T14:00:00+09:00", "takikan", "houkatsu")
	e.meetingItem(sm, cidA)
	// hand-over of case C's lead to 地域包括 (today)
	e.consent(coord, pidC, []string{tk, hk}, "")
	if r := e.handover(coord, worker, cidC, "houkatsu"); r.StatusCode != 200 {
		t.Fatalf("hand-over: %d %s", r.StatusCode, r.Body)
	}
	// case A closed by its lead today, 多機関協働 on its team
	if r := e.api("POST", "/api/v1/cases/"+cidA+"/transitions", worker, map[string]any{"to": "closed", "reason": "resolved"}); r.StatusCode != 200 {
		t.Fatalf("close A: %d %s", r.StatusCode, r.Body)
	}

	m, r := e.monthly(coord, "takikan", "fiscal_year=R8")
	if r.StatusCode != 200 || m.OrganizationID != tk || m.FiscalYearLabel != "令和8年度" || len(m.Months) != 12 || m.Months[0].Label != "令和8年4月" {
		t.Fatalf("own report: %d %s", r.StatusCode, r.Body)
	}
	want := map[string][3]int{ // April, May, June
		"referrals_received": {1, 1, 0}, "intake_referral": {0, 1, 0}, "intake_direct": {0, 1, 0}, "plans_made": {0, 0, 1},
		"jusou_meetings": {0, 1, 0}, "jusou_cases": {0, 1, 0}, "shien_meetings": {1, 0, 0}, "shien_cases": {1, 0, 0},
		"closures": {0, 0, 1}, "handovers": {0, 0, 1},
	}
	if len(m.Measures) != len(want) {
		t.Fatalf("measures: %+v", m.Measures)
	}
	for _, ms := range m.Measures {
		w, ok := want[ms.Key]
		if !ok {
			t.Errorf("unexpected measure %s", ms.Key)
			continue
		}
		for i := range 3 {
			if got := m.Months[i].v(ms.Key); got != w[i] {
				t.Errorf("%s %s: %d, want %d", m.Months[i].Label, ms.Key, got, w[i])
			}
		}
		if got := m.Months[3].v(ms.Key); got != -1 {
			t.Errorf("July %s is %d, want blank", ms.Key, got)
		}
		if got := m.Total.v(ms.Key); got != w[0]+w[1]+w[2] {
			t.Errorf("合計 %s: %d, want %d", ms.Key, got, w[0]+w[1]+w[2])
		}
	}
	if m.Total.Label != "合計" {
		t.Errorf("total label %q", m.Total.Label)
	}
	// 地域包括's own report: the hand-over is a つなぎ it received and
	// accepted today; it attended both meetings and closed case A
	h, _ := e.monthly(worker, "takikan", "fiscal_year=2026")
	if h.Months[2].v("intake_referral") != 1 || h.Months[1].v("jusou_meetings") != 1 || h.Months[2].v("closures") != 1 || h.Months[1].v("intake_direct") != 1 {
		t.Errorf("houkatsu's report: %+v", h.Months[:3])
	}

	// access: another organization's report only for the municipality
	for _, c := range []struct {
		user string
		want int
	}{{"worker2", 403}, {"kodomo", 403}, {"viewer", 403}, {"admin", 200}, {"coord", 200}} {
		if _, r := e.monthly(e.token(c.user), "takikan", "fiscal_year=2026&organization_id="+tk); r.StatusCode != c.want {
			t.Errorf("%s reads takikan's report: %d, want %d", c.user, r.StatusCode, c.want)
		}
	}
	if _, r := e.monthly(coord, "outreach", ""); r.StatusCode != 404 {
		t.Errorf("unknown program: %d", r.StatusCode)
	}
	if _, r := e.monthly(coord, "takikan", "fiscal_year=あ"); r.StatusCode != 422 {
		t.Errorf("bad year: %d", r.StatusCode)
	}

	// the municipality-wide view: the 市の担当課 and the administrator only
	for _, u := range []string{"coord", "worker", "viewer"} {
		if r := e.api("GET", "/api/v1/reports/monthly/takikan/municipality?fiscal_year=2026", e.token(u), nil); r.StatusCode != 403 {
			t.Errorf("%s reads the municipality-wide view: %d", u, r.StatusCode)
		}
	}
	e.addUser("cityworker", "city", "worker")
	// 地域包括 registered for 多機関協働 too (as a 事業 it runs): both rows,
	// the meeting they both attended once in the 合計; くらし, which does not
	// run it, is not listed
	o := e.orgs["houkatsu"]
	o.Jigyo = []string{"sodan", "takikan"}
	if err := e.db.UpdateOrganization(context.Background(), e.sys, &o); err != nil {
		t.Fatal(err)
	}
	var ov struct {
		PeriodLabel   string           `json:"period_label"`
		Organizations []monthlyRowJSON `json:"organizations"`
		Total         monthlyRowJSON
	}
	r = e.api("GET", "/api/v1/reports/monthly/takikan/municipality?fiscal_year=2026&month=2026-05", e.token("cityworker"), nil)
	if r.StatusCode != 200 {
		t.Fatalf("municipality view: %d %s", r.StatusCode, r.Body)
	}
	decodeInto(t, r.Body, &ov)
	rows := map[string]monthlyRowJSON{}
	for _, o := range ov.Organizations {
		rows[o.OrganizationID] = o
	}
	if ov.PeriodLabel != "令和8年5月" || rows[tk].v("jusou_meetings") != 1 || rows[hk].v("jusou_meetings") != 1 || ov.Total.v("jusou_meetings") != 1 ||
		ov.Total.v("referrals_received") != 1 || ov.Total.v("intake_direct") != 2 || rows[e.orgs["kurashi"].ID].Values != nil || len(ov.Organizations) != 2 {
		t.Errorf("May across organizations: %s", r.Body)
	}
	if r := e.api("GET", "/api/v1/reports/monthly/takikan/municipality?fiscal_year=2026&month=2027-04", e.token("admin"), nil); r.StatusCode != 422 {
		t.Errorf("a month outside the year: %d", r.StatusCode)
	}
}

// TestMonthlyReportExports: the report and the municipality-wide view
// download as CSV (UTF-8 with BOM, or CP932) and typed .xlsx with the 合計
// row and 和暦 months; every view and download is audited before the
// figures are sent, and another contractor cannot download them.
func TestMonthlyReportExports(t *testing.T) {
	e := newEnv(t)
	worker, coord := e.token("worker"), e.token("coord")
	tk := e.orgs["takikan"].ID
	cid, pid := e.teamCase()
	e.consent(worker, pid, []string{e.orgs["houkatsu"].ID, tk}, "")
	for _, day := range []string{"2026-04-03", "2026-05-21"} {
		if r := e.api("POST", "/api/v1/referrals", worker, map[string]any{"case_id": cid, "to_organization_id": tk, "reason": "複合課題", "referred_on": day}); r.StatusCode != 201 {
			t.Fatalf("referral: %d %s", r.StatusCode, r.Body)
		}
	}
	q := "/api/v1/reports/monthly/takikan?fiscal_year=2026&organization_id=" + tk
	r := e.api("GET", q+"&format=csv", coord, nil)
	if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "\uFEFF機関,年度,月,月（西暦）,つなぎを受けた件数") {
		t.Fatalf("utf-8 csv: %d %q", r.StatusCode, r.Body)
	}
	rows := readCSV(t, strings.TrimPrefix(r.Body, "\uFEFF"))
	if len(rows) != 14 || rows[1][2] != "令和8年4月" || rows[1][3] != "2026-04" || rows[1][4] != "1" || rows[2][4] != "1" || rows[4][4] != "" {
		t.Fatalf("csv rows: %v", rows)
	}
	if tot := rows[13]; tot[0] != "takikan機関" || tot[2] != "合計" || tot[4] != "2" || tot[5] != "0" {
		t.Fatalf("合計 row: %v", tot)
	}
	r = e.api("GET", q+"&format=csv&encoding=cp932", coord, nil)
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), "Shift_JIS") || strings.HasPrefix(r.Body, "\uFEFF") {
		t.Fatalf("cp932: %d %v", r.StatusCode, r.Header)
	}
	body, err := japanese.ShiftJIS.NewDecoder().String(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if sj := readCSV(t, body); sj[0][4] != "つなぎを受けた件数" || sj[13][2] != "合計" || sj[13][4] != "2" || sj[2][2] != "令和8年5月" {
		t.Fatalf("cp932 content: %v", sj)
	}
	if !strings.Contains(r.Header.Get("Content-Disposition"), "filename*=UTF-8''"+url.PathEscape("令和8年度多機関協働月次報告_takikan機関.csv")) {
		t.Errorf("file name: %s", r.Header.Get("Content-Disposition"))
	}
	r = e.api("GET", q+"&format=xlsx", coord, nil)
	if r.StatusCode != 200 {
		t.Fatalf("xlsx: %d %s", r.StatusCode, r.Body)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	got, _ := f.GetRows(sheet)
	if sheet != "多機関協働月次報告" || len(got) != 14 || got[13][2] != "合計" || got[13][4] != "2" {
		t.Fatalf("xlsx %q: %v", sheet, got)
	}
	if typ, _ := f.GetCellType(sheet, "E2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("counts must be numbers, E2 is %v", typ)
	}
	// another contractor may not download it; a bad format is refused
	if r := e.api("GET", q+"&format=csv", e.token("worker2"), nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("another organization downloads: %d", r.StatusCode)
	}
	if r := e.api("GET", q+"&format=pdf", coord, nil); r.StatusCode != 422 {
		t.Fatalf("bad format: %d", r.StatusCode)
	}
	// the municipality-wide view of the year, as CP932
	r = e.api("GET", "/api/v1/reports/monthly/takikan/municipality?fiscal_year=2026&format=csv&encoding=cp932", e.token("admin"), nil)
	body, _ = japanese.ShiftJIS.NewDecoder().String(r.Body)
	ov := readCSV(t, body)
	if r.StatusCode != 200 || ov[0][2] != "機関" || ov[len(ov)-1][2] != "合計" || ov[len(ov)-1][4] != "2" || ov[1][1] != "令和8年度（2026年度）" {
		t.Fatalf("municipality csv: %d %v", r.StatusCode, ov)
	}
	// audited: 3 downloads of the report and 1 of the view (exports), and
	// the refused one not at all
	a := e.api("GET", "/api/v1/audit?action=export", e.token("privacy"), nil)
	if n := strings.Count(a.Body, `"object_type":"monthly_report"`); n != 4 {
		t.Fatalf("%d monthly_report exports audited: %s", n, a.Body)
	}
	e.monthly(coord, "takikan", "")
	if !e.auditHas("monthly_report", tk) {
		t.Fatal("a view of the report is not audited")
	}

	// the pages: a 合計 row on screen, the downloads linked and working
	b := e.browser()
	b.login("coord")
	p := b.get("/reports/monthly/takikan?fiscal_year=2026")
	for _, s := range []string{"多機関協働の月次報告", "<th scope=\"row\">合計</th>", "令和8年4月", "/reports/monthly/takikan/export?fiscal_year=2026&amp;organization_id=" + tk + "&amp;format=csv&amp;encoding=cp932"} {
		if !strings.Contains(p.Body, s) {
			t.Fatalf("report page lacks %q: %s", s, p.Body)
		}
	}
	if strings.Contains(p.Body, "/municipality") {
		t.Error("a contractor's page links the municipality-wide view")
	}
	if d := b.get("/reports/monthly/takikan/export?fiscal_year=2026&organization_id=" + tk + "&format=csv"); d.StatusCode != 200 || !strings.HasPrefix(d.Body, "\uFEFF機関") {
		t.Fatalf("page download: %d", d.StatusCode)
	}
	if d := b.get("/reports/monthly/takikan/municipality?fiscal_year=2026"); d.StatusCode != 403 {
		t.Fatalf("a contractor opens the municipality-wide page: %d", d.StatusCode)
	}
	// a 年度 that cannot be read: this year's report, the message beside the field, the input kept
	if p := b.get("/reports/monthly/takikan?fiscal_year=%E3%81%82"); p.StatusCode != 422 || !strings.Contains(p.Body, "field-error") || !strings.Contains(p.Body, `value="あ"`) {
		t.Fatalf("bad year page: %d", p.StatusCode)
	}
	ab := e.browser()
	ab.login("admin")
	p = ab.get("/reports/monthly/takikan/municipality?fiscal_year=R8&month=2026-05")
	if p.StatusCode != 200 || !strings.Contains(p.Body, "市区町村全体（令和8年5月）") || !strings.Contains(p.Body, "<th scope=\"row\">合計</th>") ||
		!strings.Contains(p.Body, "/reports/monthly/takikan?fiscal_year=2026&amp;organization_id="+tk) {
		t.Fatalf("municipality page: %d %s", p.StatusCode, p.Body)
	}
}

package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kasane/internal/casework"
)

// TestBrowserCaseListFilterSortSave: a coordinator filters the case list by
// 課題 and 受付日 (typed in 和暦), sorts by clicking a column head, saves the
// view under a name and applies it again from another page; another user
// does not see it.
func TestBrowserCaseListFilterSortSave(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	mk := func(family, given, day string, problems ...string) casework.Case {
		p := a.person("worker", family, given, "カナ", "カナ", "1950-01-01")
		c := casework.Case{FocusPersonID: p.ID, ReceivedOn: day, Route: "本人", Method: "来所",
			Bunya: []string{"kaigo"}, Problems: problems, Complaint: "相談"}
		if err := a.db.CreateCase(context.Background(), a.as("worker"), &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c1 := mk("青木", "一子", "2026-04-10", "8050", "介護")
	c2 := mk("石田", "二郎", "2026-05-12", "8050")
	mk("上野", "三枝", "2026-05-15", "ダブルケア")

	b := newTab(t, a.url)
	b.login("worker")
	b.open("/cases")
	b.see("すべて 3件")
	b.choose("#f-problem", "8050")
	b.do(chromedp.Click(chromedp.CSS(`details.case-filter__more summary`))) // 詳しい条件
	b.typeIn("#f-received_from", "R8.4.1")
	if st := b.click(`form.case-filter button[type=submit]`); st != 200 {
		t.Fatalf("filter: status %d: %s", st, b.mainText())
	}
	b.see("すべて 2件", "青木 一子", "石田 二郎")
	if strings.Contains(b.mainText(), "上野 三枝") {
		t.Fatalf("the filter kept a case without 8050: %s", b.mainText())
	}
	// newest first by default; a click on 番号 sorts by number, again reverses
	if st := b.click(`th a[href*="sort=number"]`); st != 200 {
		t.Fatalf("sort: status %d", st)
	}
	txt := b.mainText()
	if strings.Index(txt, c1.Number) > strings.Index(txt, c2.Number) || !strings.Contains(b.path(), "problem=8050") {
		t.Fatalf("sorted by number at %s: %s", b.path(), txt)
	}
	if got := eval[string](b, `document.querySelector('th[aria-sort]').textContent`); !strings.Contains(got, "番号") {
		t.Fatalf("aria-sort on %q", got)
	}
	// save the view, go elsewhere, apply it
	if !eval[bool](b, `(() => { const d = document.querySelector('details.case-views'); d.open = true; return true })()`) {
		t.Fatal("no saved views")
	}
	b.typeIn("#f-view_name", "8050（今年度）")
	if st := b.click(`form[action="/case-views"] button[type=submit]`); st != 200 {
		t.Fatalf("save view: status %d: %s", st, b.mainText())
	}
	b.see("条件を保存しました", "8050（今年度）")
	b.open("/")
	b.open("/cases")
	b.see("すべて 3件")
	if st := b.click(`.case-views__list a`); st != 200 {
		t.Fatalf("apply view: status %d", st)
	}
	b.see("すべて 2件", "青木 一子", "石田 二郎")
	if p := b.path(); !strings.Contains(p, "problem=8050") || !strings.Contains(p, "sort=number") || !strings.Contains(p, "received_from=") {
		t.Fatalf("view applied as %s", p)
	}
	other := b.other("worker2")
	other.login("worker2")
	other.open("/cases")
	if strings.Contains(other.mainText(), "8050（今年度）") {
		t.Fatalf("another user sees the saved view: %s", other.mainText())
	}
}

package browsertest

import (
	"context"
	"strings"
	"testing"
)

// TestBrowserAuditFilterAndReview: a privacy officer sees the unreviewed
// break-glass on the home page, filters the log by staff and action,
// marks the entry 確認済み with a note and sees the count go to zero.
func TestBrowserAuditFilterAndReview(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("worker", "緒方", "ハル", "オガタ", "ハル", "1940-02-02")
	a.caseFor("worker", p.ID)
	if _, err := a.db.BreakGlass(context.Background(), a.as("worker2"), p.ID, "自宅で倒れているとの通報、家族への連絡が必要"); err != nil {
		t.Fatal(err)
	}
	b := newTab(t, a.url)
	b.login("privacy")
	b.see("要確認の監査ログ", "未確認が 1件")
	if st := b.click(`a[href="/audit?unreviewed=1"]`); st != 200 {
		t.Fatalf("unreviewed link: %d", st)
	}
	b.see("緊急時の閲覧（ブレークグラス）", "職員 worker2", "くらしサポートセンター", "（閲覧権限外）", "令和8年")
	if strings.Contains(b.mainText(), "緒方") {
		t.Fatalf("the officer outside the team sees the name: %s", b.mainText())
	}
	// filter: the staff member and the action, in Japanese
	b.open("/audit")
	b.choose("#f-actor_id", "職員 worker2")
	b.choose("#f-action", "緊急時の閲覧")
	if st := b.click(`form[action="/audit"] button[type=submit]`); st != 200 {
		t.Fatalf("filter: %d", st)
	}
	if n := eval[int](b, `document.querySelectorAll('table.audit-log tbody tr[id]').length`); n != 1 {
		t.Fatalf("filtered rows: %d\n%s", n, b.mainText())
	}
	if !strings.Contains(b.path(), "action=break_glass") {
		t.Errorf("the filter is not in the address: %s", b.path())
	}
	b.typeIn(`form.audit-review input[name=note]`, "通報記録と照合、正当な緊急対応")
	if st := b.click(`form.audit-review button`); st != 200 {
		t.Fatalf("review: %d: %s", st, b.mainText())
	}
	b.see("確認済みにしました。", "確認済み", "職員 privacy", "通報記録と照合、正当な緊急対応")
	if !strings.Contains(b.path(), "action=break_glass") {
		t.Errorf("the review does not return to the filtered log: %s", b.path())
	}
	b.open("/")
	b.see("未確認のものはありません。")
	if v, err := a.db.VerifyAudit(context.Background()); err != nil || v.BrokenSeq != 0 {
		t.Fatalf("verify: %v %+v", err, v)
	}
}

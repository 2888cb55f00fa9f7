package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kasane/internal/casework"
)

// TestBrowserCasePageTabsFoldAndCorrection: the case page's tabs are links
// to its sections, a long support record is folded behind 「続きを読む」, and
// a record is corrected in place: an empty content is refused beside the
// field with the rest kept, the correction is saved, and the earlier text
// is in 「修正の履歴」.
func TestBrowserCasePageTabsFoldAndCorrection(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("worker", "佐藤", "和子", "サトウ", "カズコ", "1948-07-07")
	c := a.caseFor("worker", p.ID)
	long := []string{"1行目 母の様子", "2行目 食事は自分でとれている", "3行目 夜間の徘徊がある", "4行目 長男は日中不在",
		"5行目 デイサービスを提案", "6行目 本人は迷っている", "7行目 次回は長男同席で面談する", "8行目 ケアマネジャーに連絡する"}
	ct := casework.Contact{CaseID: c.ID, At: time.Date(2026, 5, 21, 1, 30, 0, 0, time.UTC), Method: "訪問", Counterpart: "本人", Content: strings.Join(long, "\n"), Minutes: 40}
	if err := a.db.AddContact(context.Background(), a.as("worker"), &ct); err != nil {
		t.Fatal(err)
	}

	b := newTab(t, a.url)
	b.login("worker")
	b.open("/cases/" + c.ID)
	b.see("佐藤 和子", "主担当機関・主担当者", "北部地域包括支援センター", "令和8年5月21日 10:30") // 01:30 UTC is 10:30 JST

	// the tabs are in-page links: the 記録 tab brings the record into view
	b.do(chromedp.Click(chromedp.CSS(`nav.case-tabs a[href="#tab-records"]`)))
	if h := eval[string](b, `location.hash`); h != "#tab-records" {
		t.Fatalf("the 記録 tab: hash %q", h)
	}
	if top := eval[float64](b, `document.getElementById('tab-records').getBoundingClientRect().top`); top < -1 || top > 200 {
		t.Errorf("the 記録 section is not brought into view: top %v", top)
	}
	// the long record shows its first lines; the rest is folded
	hidden := `document.querySelector('#contact-` + ct.ID + ` .contact-fold > p').checkVisibility() === false && !document.querySelector('#contact-` + ct.ID + ` .contact-fold').open`
	if !eval[bool](b, hidden) || !strings.Contains(b.mainText(), "6行目") {
		t.Fatalf("the long record is not folded (hidden %v):\n%s", eval[bool](b, hidden), b.mainText())
	}
	b.do(chromedp.Click(chromedp.CSS(`#contact-` + ct.ID + ` .contact-fold summary`)))
	if eval[bool](b, hidden) {
		t.Fatal("続きを読む does not unfold the record")
	}
	b.see("8行目 ケアマネジャーに連絡する")

	// 修正する: the form in place, filled with the record
	if st := b.click(`#contact-` + ct.ID + ` a[href*="?edit="]`); st != 200 {
		t.Fatalf("修正する: status %d", st)
	}
	if v := eval[string](b, `document.querySelector('#f-edit_content').value`); !strings.Contains(v, "8行目") {
		t.Fatalf("the correction form is not filled: %q", v)
	}
	b.typeIn("#f-edit_counterpart", "長男")
	b.clear("#f-edit_content")
	if st := b.click(`#contact-edit button[type=submit]`); st != 422 {
		t.Fatalf("empty content: status %d", st)
	}
	b.see("内容を入力してください")
	if v := eval[string](b, `document.querySelector('#f-edit_counterpart').value`); v != "長男" {
		t.Fatalf("the typed counterpart is lost: %q", v)
	}
	if !eval[bool](b, `!!document.querySelector('#f-edit_content-error') && document.querySelector('#contact-edit').contains(document.querySelector('#f-edit_content-error'))`) {
		t.Fatal("the message is not beside the field")
	}
	b.typeIn("#f-edit_content", "長男同席で面談。デイサービスの見学を約束した。")
	if st := b.click(`#contact-edit button[type=submit]`); st != 200 {
		t.Fatalf("correct: status %d: %s", st, b.mainText())
	}
	b.see("支援経過の記録を修正しました", "長男同席で面談。デイサービスの見学を約束した。", "修正あり", "修正の履歴（1件）")
	if strings.Contains(b.mainText(), "8行目") {
		t.Fatal("the earlier text is shown before the history is opened")
	}
	b.do(chromedp.Click(chromedp.CSS(`#contact-` + ct.ID + ` .contact-history summary`)))
	b.see("第1版", "8行目 ケアマネジャーに連絡する")
}

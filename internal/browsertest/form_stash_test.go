package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// sameBrowserTab opens another tab of the same browser (same cookies): the
// user's second tab.
func (b *tab) sameBrowserTab(name string) *tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("new tab: %v", err)
	}
	o := &tab{t: b.t, ctx: ctx, base: b.base}
	o.focused()
	o.keepScreenshot("-" + name)
	return o
}

// TestBrowserRecordSurvivesSessionEnd: a 支援経過記録 typed on the case page
// survives the session ending (logout in another tab) before 記録する: after
// logging in again the text is back in the textarea, not yet saved, and
// saving it then works and returns to the 支援経過記録 section.
func TestBrowserRecordSurvivesSessionEnd(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("worker", "山田", "花子", "ヤマダ", "ハナコ", "1975-04-01")
	c := a.caseFor("worker", p.ID)
	note := "長女と電話。母の通院の付き添いを来週から週2回お願いしたいとのこと。"

	b := newTab(t, a.url)
	b.login("worker")
	b.open("/cases/" + c.ID)
	b.check("#contact", "method", "訪問")
	b.typeIn("#contact [name=counterpart]", "長女")
	b.typeIn("#contact [name=content]", note)

	// the user logs out in another tab of the same browser
	other := b.sameBrowserTab("logout")
	other.open("/")
	if st := other.click(`form[action="/logout"] button[type=submit]`); st != 200 {
		t.Fatalf("logout: status %d", st)
	}

	if st := b.click(`#contact button[type=submit]`); st != 200 {
		t.Fatalf("record: status %d: %s", st, b.mainText())
	}
	if !strings.HasPrefix(b.path(), "/login") {
		t.Fatalf("not sent to login: %s", b.path())
	}
	b.see("セッションの有効期限が切れました。ログインすると、入力中の内容を戻します。")
	b.typeIn("#f-email", "worker@example.jp")
	b.typeIn("#f-password", password)
	if st := b.click(`form[action="/login"] button[type=submit]`); st != 200 {
		t.Fatalf("login: status %d: %s", st, b.mainText())
	}
	if b.path() != "/cases/"+c.ID {
		t.Fatalf("after login at %s, want the case page", b.path())
	}
	b.see("まだ保存されていません")
	if got := eval[string](b, `document.querySelector('#contact [name=content]').value`); got != note {
		t.Fatalf("textarea holds %q", got)
	}
	if got := eval[string](b, `document.querySelector('#contact [name=counterpart]').value`); got != "長女" {
		t.Errorf("counterpart %q", got)
	}
	if got := eval[string](b, `document.activeElement.id`); got != "restored-notice" {
		t.Errorf("focus on %q, want the restored notice", got)
	}
	if strings.Contains(eval[string](b, `document.getElementById('h-contacts').parentNode.innerText`), "相手: 長女") {
		t.Fatal("saved without the user sending it")
	}

	// 記録する now saves it, and the page returns to the section
	if st := b.click(`#contact button[type=submit]`); st != 200 {
		t.Fatalf("record again: status %d: %s", st, b.mainText())
	}
	if !strings.HasSuffix(b.location(), "#h-contacts") {
		t.Errorf("after the save at %s, want #h-contacts", b.location())
	}
	b.see("支援経過を記録しました。", note, "相手: 長女")
	if got := eval[string](b, `document.activeElement.id`); got != "h-contacts" {
		t.Errorf("focus on %q after the save, want the 支援経過記録 heading", got)
	}
}

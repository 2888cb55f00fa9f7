package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserIntake: register a person (ふりがな typed in hiragana, the
// birth date in 和暦 with 西暦 shown beside as it is typed), take a
// consultation and record a contact; the case page shows it.
func TestBrowserIntake(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	b := newTab(t, a.url)
	b.login("worker")

	b.open("/persons")
	b.click(`main a[href="/persons/new"]`)
	b.typeIn("#f-family_name", "山田")
	b.typeIn("#f-given_name", "花子")
	b.typeIn("#f-family_name_kana", "やまだ")
	b.typeIn("#f-given_name_kana", "はなこ")
	// the preview follows each key
	b.clear("#f-birth_date")
	for _, w := range []struct{ keys, preview string }{
		{"S50", "1975"}, {".4", "1975-04"}, {".1", "1975-04-01"},
	} {
		b.do(chromedp.SendKeys(chromedp.CSS("#f-birth_date"), w.keys))
		if got := previewOf(b, "birth_date"); got != w.preview {
			t.Fatalf("after %q the preview shows %q, want %q", w.keys, got, w.preview)
		}
	}
	if d := eval[string](b, `document.getElementById('f-birth_date').getAttribute('aria-describedby')`); !strings.Contains(d, "f-birth_date-preview") {
		t.Errorf("the preview is not tied to the field: aria-describedby=%q", d)
	}
	b.check("form", "sex", "女性")
	b.typeIn("#f-phone", "090-1234-5678")
	if st := b.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("register: status %d: %s", st, b.mainText())
	}
	if !strings.HasPrefix(b.path(), "/persons/") {
		t.Fatalf("not on the person page: %s: %s", b.path(), b.mainText())
	}
	b.see("山田 花子", "ヤマダ", "昭和50年4月1日")

	// 相談受付
	b.click(`main a[href^="/cases/new"]`)
	b.see("相談受付", "山田 花子")
	b.typeIn("#f-received_on", "R8.5.20")
	if got := previewOf(b, "received_on"); got != "2026-05-20" {
		t.Errorf("received_on preview %q", got)
	}
	b.check("form", "route", "家族")
	b.check("form", "method", "来所")
	b.check("form", "bunya", "介護")
	b.check("form", "problems", "介護")
	b.typeIn("#f-complaint", "母の介護が心配。夜も眠れない。")
	if st := b.click(`main form[action="/cases"] button[type=submit]`); st != 200 {
		t.Fatalf("intake: status %d: %s", st, b.mainText())
	}
	if !strings.HasPrefix(b.path(), "/cases/") {
		t.Fatalf("not on the case page: %s", b.path())
	}
	b.see("母の介護が心配。夜も眠れない。", "北部地域包括支援センター")

	// 支援経過記録
	b.check("#contact", "method", "訪問")
	b.typeIn("#contact [name=counterpart]", "本人と長女")
	b.typeIn("#contact [name=content]", "自宅を訪問し、介護の状況を聞いた。")
	b.typeIn("#contact [name=minutes]", "45")
	if st := b.click(`#contact button[type=submit]`); st != 200 {
		t.Fatalf("contact: status %d: %s", st, b.mainText())
	}
	b.see("自宅を訪問し、介護の状況を聞いた。", "相手: 本人と長女", "45分")
}

// previewOf is the text shown beside a 和暦/西暦 date field.
func previewOf(b *tab, name string) string {
	b.t.Helper()
	return strings.TrimSpace(eval[string](b, fmt.Sprintf(`(document.getElementById('f-%s-preview') || {}).textContent || ''`, name)))
}

// TestBrowserSearchVariant: 髙橋 is found by たかはし and by 高橋; a user of
// an organization outside the case sees the hit without a link and the
// municipality's contact point, never the service that knows the person.
func TestBrowserSearchVariant(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("worker", "髙橋", "一郎", "タカハシ", "イチロウ", "1950-02-03")
	a.caseFor("worker", p.ID)

	b := newTab(t, a.url)
	b.login("worker")
	for _, q := range []string{"たかはし", "高橋"} {
		b.open("/persons")
		b.typeIn("#f-q", q)
		b.click(`form[role=search] button[type=submit]`)
		b.see(fmt.Sprintf("「%s」の検索結果（1件）", q), "髙橋 一郎")
		if href := eval[string](b, `(document.querySelector('main table tbody a') || {}).pathname || ''`); href != "/persons/"+p.ID {
			t.Fatalf("search %s: the hit links to %q", q, href)
		}
	}

	o := b.other("worker2")
	o.login("worker2")
	o.open("/persons")
	o.typeIn("#f-q", "高橋")
	o.click(`form[role=search] button[type=submit]`)
	o.see("髙橋 一郎", "閲覧権限なし", "この方を把握している機関があります", "お問い合わせ先")
	// rule 4: never which service knows the person
	if hits := eval[string](o, `document.querySelector('main table').innerText`); strings.Contains(hits, "北部地域包括支援センター") {
		t.Fatalf("an outside organization learns which service knows the person: %s", hits)
	}
	if n := eval[int](o, fmt.Sprintf(`document.querySelectorAll('main a[href="/persons/%s"]').length`, p.ID)); n != 0 {
		t.Fatal("an outside organization sees a link to the person")
	}
	if st := o.openStatus("/persons/" + p.ID); st != 404 && st != 403 {
		t.Fatalf("outside organization opens the person: status %d", st)
	}
}

package browsertest

import (
	"fmt"
	"strings"

	"github.com/chromedp/chromedp/kb"
)

// kbIntake registers 髙橋 太郎 and takes a consultation with keys only. The
// family name is typed through an IME: Enter while it composes must not
// submit. The first submission lacks required fields: the focus goes to
// the error summary, whose link takes the keyboard to the field. It
// returns the ids of the person and of the case.
func kbIntake(b *tab) (personID, caseID string) {
	b.t.Helper()
	b.tabTo(`nav.site-nav a[href="/persons"]`, false)
	b.pressEnter()
	b.tabTo(`main a[href="/persons/new"]`, false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/persons/new") {
		b.t.Fatalf("new person: status %d at %s", st, b.path())
	}

	b.tabTo("#f-family_name", false)
	b.imeEnterKeepsForm("たかはし", "髙橋")

	// submitted with required fields missing: the focus is on the summary
	b.tabTo(`main form button[type=submit]`, false)
	if st := b.pressEnter(); st != 422 {
		b.t.Fatalf("incomplete person: status %d", st)
	}
	if !b.focusedIs(".error-summary") {
		b.t.Fatalf("after the error the focus is on %s", eval[string](b, `document.activeElement.outerHTML.slice(0, 100)`))
	}
	b.focusVisible()
	if v := eval[string](b, `document.getElementById('f-family_name').value`); v != "髙橋" {
		b.t.Fatalf("the form shown again lost the family name: %q", v)
	}
	// the first link of the summary takes the keyboard to its field
	b.tabTo(".error-summary a", false)
	target := strings.TrimPrefix(eval[string](b, `document.activeElement.hash`), "#")
	b.do(enter)
	if !eval[bool](b, fmt.Sprintf(`(() => { const t = document.getElementById(%q); return !!t && (t === document.activeElement || t.contains(document.activeElement)) })()`, target)) {
		b.t.Fatalf("the summary link to #%s moved the focus to %s", target, eval[string](b, `document.activeElement.outerHTML.slice(0, 100)`))
	}
	b.focusVisible()

	// fill the form from the top
	b.tabTo("#f-family_name", true)
	b.tabTo("#f-given_name", false)
	b.keys("太郎")
	b.tabTo("#f-family_name_kana", false)
	b.keys("たかはし")
	b.tabTo("#f-birth_date", false)
	b.keys("S50.4.1")
	if got := previewOf(b, "birth_date"); got != "1975-04-01" {
		b.t.Errorf("the 西暦 beside the 和暦 birth date: %q", got)
	}
	b.radioByKeys("main form", "sex", "男性")
	b.keys(kb.ArrowRight) // and the arrow key moves on in the group
	if v := eval[string](b, `document.querySelector('input[name=sex]:checked').value`); v != "female" {
		b.t.Fatalf("arrow key in the radio group chose %q", v)
	}
	b.radioByKeys("main form", "sex", "男性") // back with the arrow keys
	b.tabTo(`main form button[type=submit]`, false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/persons/") {
		b.t.Fatalf("register: status %d at %s: %s", st, b.path(), b.mainText())
	}
	b.see("髙橋 太郎", "タカハシ", "昭和50年4月1日")
	personID = b.pathID()

	// 相談受付
	b.tabTo(`main a[href^="/cases/new"]`, false)
	b.pressEnter()
	b.tabTo("#f-received_on", false)
	b.keys("R8.5.20")
	if got := previewOf(b, "received_on"); got != "2026-05-20" {
		b.t.Errorf("received_on preview %q", got)
	}
	b.radioByKeys("main form", "route", "本人")
	b.radioByKeys("main form", "method", "来所")
	b.tickByKeys("main form", "bunya", "介護")
	b.tabTo(`main form button[type=submit]`, false)
	b.tabTo("#f-complaint", true) // back with Shift+Tab
	b.keys("ひとり暮らしで、買い物に行けない。")
	b.tabTo(`main form button[type=submit]`, false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/cases/") {
		b.t.Fatalf("intake: status %d at %s: %s", st, b.path(), b.mainText())
	}
	b.see("ひとり暮らしで、買い物に行けない。", "本人・来所", "介護")
	return personID, b.pathID()
}

// kbSearchVariant searches from the menu for q and opens the hit name,
// which must be the person personID, with keys only.
func kbSearchVariant(b *tab, q, name, personID string) {
	b.t.Helper()
	b.tabTo(`nav.site-nav a[href="/persons"]`, false)
	b.pressEnter()
	b.tabTo("#f-q", false)
	b.keys(q)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("search %s: status %d", q, st)
	}
	b.see(fmt.Sprintf("「%s」の検索結果", q), name)
	b.tabTo(fmt.Sprintf(`main a[href="/persons/%s"]`, personID), false)
	if st := b.pressEnter(); st != 200 || b.pathID() != personID {
		b.t.Fatalf("open the hit of %s: status %d at %s", q, st, b.path())
	}
	b.see(name)
}

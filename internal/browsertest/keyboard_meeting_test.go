package browsertest

import (
	"fmt"
	"strings"
)

// kbMeeting registers a 重層的支援会議 with the attending organizations
// from the menu (会議・予定), with keys only, and returns its id.
func kbMeeting(b *tab, title string, attendees ...string) string {
	b.t.Helper()
	b.tabTo(`nav.site-nav a[href="/meetings"]`, false)
	b.pressEnter()
	b.tabTo(`main a[href="/meetings/new"]`, false)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("new meeting: status %d", st)
	}
	b.selectByKeys("#f-type", "重層的支援会議")
	b.tabTo("#f-title", false)
	b.keys(title)
	for _, o := range attendees {
		b.tickByKeys("main form", "present", "出席（"+o+"）")
	}
	b.tabTo(`main form[action="/meetings"] button[type=submit]`, false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/meetings/") {
		b.t.Fatalf("meeting: status %d at %s: %s", st, b.path(), b.mainText())
	}
	b.see(title)
	return b.pathID()
}

// kbOpenMeeting goes from the menu to the meeting, with keys only.
func kbOpenMeeting(b *tab, id string) {
	b.t.Helper()
	b.tabTo(`nav.site-nav a[href="/meetings"]`, false)
	b.pressEnter()
	b.tabTo(fmt.Sprintf(`main a[href="/meetings/%s"]`, id), false)
	if st := b.pressEnter(); st != 200 || b.pathID() != id {
		b.t.Fatalf("open meeting: status %d at %s", st, b.path())
	}
}

// kbMeetingItem adds the case to the meeting on its page, with keys only.
// Without the consent of every attending organization it is refused, with
// the reason in the error summary and the focus on it; with it the item is
// recorded.
func kbMeetingItem(b *tab, caseID string, consented bool) {
	b.t.Helper()
	b.tabTo("#item select[name=case_id]", false)
	label := eval[string](b, fmt.Sprintf(`[...document.activeElement.options].find(o => o.value === %q)?.textContent || ''`, caseID))
	if label == "" {
		b.t.Fatalf("the case is not among the choices of the meeting item")
	}
	b.selectByKeys("#item select[name=case_id]", label)
	b.selectByKeys("#item select[name=agenda]", "プランの検討")
	b.tabTo("#item [name=situation]", false)
	b.keys("買い物と家計の課題が重なっている。")
	b.tabTo("#item [name=decisions]", false)
	b.keys("包括が訪問を続け、くらしが家計相談を行う。")
	b.tabTo("#item button[type=submit]", false)
	st := b.pressEnter()
	if !consented {
		if st < 400 {
			b.t.Fatalf("case item without consent: status %d", st)
		}
		if !b.focusedIs(".error-summary") {
			b.t.Fatalf("after the refusal the focus is on %s", eval[string](b, `document.activeElement.outerHTML.slice(0, 100)`))
		}
		b.focusVisible()
		if s := eval[string](b, `document.querySelector('.error-summary').innerText`); !strings.Contains(s, "同意") {
			b.t.Fatalf("the refusal does not speak of consent: %q", s)
		}
		b.axeCheck("meeting with a refused case item")
		return
	}
	if st != 200 {
		b.t.Fatalf("case item with consent: status %d: %s", st, b.mainText())
	}
	b.see("髙橋 太郎", "包括が訪問を続け、くらしが家計相談を行う。")
}

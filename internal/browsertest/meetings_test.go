package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"kasane/internal/casework"
)

// TestBrowserMeetingPlanReport: a 重層的支援会議 refuses a case item while
// the person's consent does not reach every attending organization and
// accepts it after the consent is recorded; a plan is agreed and decided;
// the minutes and the plan print on A4; the annual report downloads as xlsx.
func TestBrowserMeetingPlanReport(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("worker", "伊藤", "清", "イトウ", "キヨシ", "1955-11-11")
	c := a.caseFor("worker", p.ID)

	b := newTab(t, a.url)
	b.login("worker")
	if st := b.openStatus("/meetings/new"); st == 404 {
		t.Skip("no meeting pages yet")
	}
	b.choose("#f-type", "重層的支援会議")
	b.typeIn("#f-title", "6月 重層的支援会議")
	b.do(setValue("#f-scheduled_at", "2026-06-10T14:00"))
	b.choose("#f-host_organization_id", "北部地域包括支援センター")
	for _, o := range []string{"北部地域包括支援センター", "くらしサポートセンター", "多機関協働センター"} {
		b.check("main form", "present", "出席（"+o+"）")
	}
	if st := b.click(`main form[action="/meetings"] button[type=submit]`); st != 200 || !strings.HasPrefix(b.path(), "/meetings/") {
		t.Fatalf("meeting: status %d at %s: %s", st, b.path(), b.mainText())
	}
	meetingPath, _, _ := strings.Cut(b.path(), "?")
	b.see("6月 重層的支援会議")

	addItem := func() int64 {
		b.choose("#item select[name=case_id]", c.Number)
		b.choose("#item select[name=agenda]", "プランの検討")
		b.typeIn("#item [name=situation]", "母の介護と家計の課題が重なっている。")
		b.typeIn("#item [name=decisions]", "包括が訪問を続け、くらしが家計相談を行う。")
		return b.click(`#item button[type=submit]`)
	}
	if st := addItem(); st < 400 {
		t.Fatalf("case item without consent: status %d", st)
	}
	summary := eval[string](b, `(document.querySelector('.error-summary') || {}).innerText || ''`)
	if !strings.Contains(summary, "同意") {
		t.Fatalf("the refusal does not speak of consent: %q", summary)
	}
	if !b.focusedIs(".error-summary") {
		t.Error("after the refusal the focus is not on the error summary")
	}
	recordConsent(b, p.ID, "くらしサポートセンター", "多機関協働センター")
	b.open(meetingPath)
	if st := addItem(); st != 200 {
		t.Fatalf("case item with consent: status %d: %s", st, b.mainText())
	}
	b.see(c.Number, "伊藤 清", "包括が訪問を続け、くらしが家計相談を行う。")
	b.printA4(meetingPath+"/print", "6月 重層的支援会議")

	// a plan, agreed by the person and decided
	b.open("/cases/" + c.ID + "/plans/new")
	b.typeIn("[name=person_wish]", "家で母と暮らし続けたい。")
	b.typeIn("[name=long_goal]", "母の介護を続けながら、家計を立て直す。")
	b.typeIn("[name=short_goals]", "介護サービスを使う")
	b.typeIn(`[name="items.0.content"]`, "月2回の訪問")
	b.choose(`select[name="items.0.organization_id"]`, "北部地域包括支援センター")
	if st := b.click(`main form button[type=submit]`); st != 200 || !strings.HasPrefix(b.path(), "/plans/") {
		t.Fatalf("plan: status %d at %s: %s", st, b.path(), b.mainText())
	}
	planPath, _, _ := strings.Cut(b.path(), "?")
	b.see("プラン案", "母の介護を続けながら、家計を立て直す。")
	b.typeIn("#agree [name=agreed_on]", "R8.6.1")
	b.choose("#agree select[name=agreed_by]", "本人")
	if st := b.click(`#agree button[type=submit]`); st != 200 {
		t.Fatalf("agree: status %d: %s", st, b.mainText())
	}
	// 支援決定 is the municipality's, on a held 重層的支援会議 item (issue 19)
	a.decided("worker", c.ID, casework.Plan{ID: strings.TrimPrefix(planPath, "/plans/")})
	b.open(planPath)
	if h1 := eval[string](b, `document.querySelector('h1').innerText`); !strings.Contains(h1, "支援決定") {
		t.Fatalf("plan not decided: %s", h1)
	}
	b.printA4(planPath+"/print", "母の介護を続けながら、家計を立て直す。")

	// the annual report as an Excel file, downloaded with the user's session
	if st := b.openStatus("/reports/annual"); st == 404 {
		t.Log("no annual report page yet")
		return
	}
	href := eval[string](b, `(document.querySelector('a[href*="format=xlsx"]') || {}).href || ''`)
	if href == "" {
		t.Fatalf("no Excel download on the annual report: %s", b.mainText())
	}
	got := evalAwait[[]string](b, fmt.Sprintf(`fetch(%q).then(async r => [String(r.status), r.headers.get('content-type') || '',
		r.headers.get('content-disposition') || '', String.fromCharCode(...new Uint8Array(await r.arrayBuffer()).slice(0, 2))])`, href))
	if len(got) != 4 || got[0] != "200" || !strings.Contains(got[1], "spreadsheetml") || got[3] != "PK" {
		t.Fatalf("xlsx download: status, type, disposition, magic = %q", got)
	}
	if !strings.Contains(got[2], ".xlsx") {
		t.Errorf("xlsx download has no file name: %q", got[2])
	}
}

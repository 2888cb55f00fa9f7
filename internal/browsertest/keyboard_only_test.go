package browsertest

import (
	"strings"
	"testing"

	"kasane/internal/casework"
)

// TestBrowserKeyboardOnly does every flow of the daily work with the
// keyboard only (Tab, Shift+Tab, arrow keys, Space, Enter and typing; no
// mouse, no form submitted by script): login with the second factor,
// intake of a new consultation with an IME composition that Enter must not
// submit, search with a variant spelling, consent, referral and its
// acceptance by another user at another desk, an organization added to the
// team, a 重層的支援会議 that refuses a case item until the consent reaches
// every attending organization, a plan agreed and decided, and the annual
// report downloaded as xlsx. Every stop of the focus must be visible, and
// after an error the focus is on the error summary.
func TestBrowserKeyboardOnly(t *testing.T) {
	t.Parallel()
	a := newApp(t, true) // the second factor is required
	b := newTab(t, a.url)

	kbLogin(b, "worker", true)
	person, kase := kbIntake(b)
	kbSearchVariant(b, "高橋", "髙橋 太郎", person)
	kbConsent(b, "くらしサポートセンター", "こども家庭センター")
	kbReferral(b, kase, "くらしサポートセンター", "家計の相談が必要。滞納がある。")

	other := b.other("worker2")
	kbLogin(other, "worker2", false)
	kbAcceptReferral(other, kase, "家計の相談が必要。滞納がある。")

	kbOpenCase(b, kase)
	kbAddToTeam(b, "こども家庭センター", "子どもの見守り")
	meeting := kbMeeting(b, "6月 重層的支援会議", "北部地域包括支援センター", "くらしサポートセンター", "多機関協働センター")
	kbMeetingItem(b, kase, false)
	kbSearchVariant(b, "たかはし", "髙橋 太郎", person)
	kbConsent(b, "くらしサポートセンター", "こども家庭センター", "多機関協働センター")
	kbOpenMeeting(b, meeting)
	kbMeetingItem(b, kase, true)
	kbOpenCase(b, kase)
	plan := kbPlan(b, kase)
	a.decided("worker", kase, casework.Plan{ID: plan}) // the municipality decides on a held 重層的支援会議
	b.open("/plans/" + plan)
	if h1 := eval[string](b, `document.querySelector('h1').innerText`); !strings.Contains(h1, "支援決定") {
		t.Fatalf("plan not decided: %s", h1)
	}
	kbAnnualReportXLSX(b)
}

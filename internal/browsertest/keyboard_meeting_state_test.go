package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
)

// TestBrowserKeyboardMeetingState drives the meeting page of a 支援会議
// (社会福祉法第106条の6) with the keyboard only (issue 19): each attendee
// acknowledges the duty of confidentiality itself, the lead puts the case
// on the agenda with one attendee leaving the room for it, the 事務局 records
// the meeting held with its state button, and the attendee who left does
// not read the item.
func TestBrowserKeyboardMeetingState(t *testing.T) {
	t.Parallel()
	a := newApp(t, true)
	ctx := context.Background()
	p := a.person("worker", "髙橋", "太郎", "タカハシ", "タロウ", "1950-04-01")
	kase := a.caseFor("worker", p.ID)
	// the 事務局 (福祉総合相談課, the default) keeps the roster and calls the meeting
	jimu := a.as("jimu")
	fy := casework.FiscalYearOf(casework.Today(time.Now()))
	if err := a.db.SetShienKaigiRoster(ctx, jimu, fy, []string{a.orgs["houkatsu"].ID, a.orgs["kurashi"].ID}); err != nil {
		t.Fatal(err)
	}
	m := casework.Meeting{Type: "shien_kaigi", Title: "支援会議（北部）", ScheduledAt: time.Now().Add(-time.Hour), HostOrgID: a.orgs["city"].ID,
		Attendees: []casework.Attendee{{OrganizationID: a.orgs["city"].ID, UserID: a.users["jimu"].ID}, {OrganizationID: a.orgs["houkatsu"].ID},
			{OrganizationID: a.orgs["kurashi"].ID}}}
	if err := a.db.CreateMeeting(ctx, jimu, &m); err != nil {
		t.Fatal(err)
	}

	// each attendee acknowledges for itself, on the meeting page
	ack := func(b *tab, user string) {
		b.t.Helper()
		kbLogin(b, user, false)
		kbOpenMeeting(b, m.ID)
		b.see("守秘義務未確認")
		b.tabTo(`main form[action$="/acknowledgements"] input[value=self] ~ button`, false)
		b.focusVisible()
		if st := b.pressEnter(); st != 200 {
			t.Fatalf("%s acknowledges: status %d: %s", user, st, b.mainText())
		}
		b.see("守秘義務の確認を記録しました。", "本人が確認")
	}
	lead := newTab(t, a.url)
	ack(lead, "worker")
	kurashi := lead.other("worker2")
	ack(kurashi, "worker2")
	jimuTab := lead.other("jimu")
	ack(jimuTab, "jimu")
	if strings.Contains(jimuTab.mainText(), "守秘義務未確認") {
		t.Fatalf("an acknowledgement is missing: %s", jimuTab.mainText())
	}

	// the lead puts the case on the agenda; くらし leaves the room for it
	kbOpenMeeting(lead, m.ID)
	lead.tabTo("#item select[name=case_id]", false)
	label := eval[string](lead, `[...document.activeElement.options].find(o => o.value === '`+kase.ID+`')?.textContent || ''`)
	lead.selectByKeys("#item select[name=case_id]", label)
	lead.selectByKeys("#item select[name=agenda]", "情報共有")
	lead.tabTo("#item [name=decisions]", false)
	lead.keys("見守りの役割を確認した。")
	lead.tickByKeys("#item", "left_attendee_ids", "くらしサポートセンター")
	lead.tabTo("#item button[type=submit]", false)
	if st := lead.pressEnter(); st != 200 {
		t.Fatalf("item: status %d: %s", st, lead.mainText())
	}
	lead.see("見守りの役割を確認した。", "退室: くらしサポートセンター")

	// scheduled: nothing is shared yet; the 事務局 records it held
	kbOpenMeeting(kurashi, m.ID)
	kurashi.see("開催予定")
	kbOpenMeeting(jimuTab, m.ID)
	jimuTab.tabTo(`#state form input[value=held] ~ button`, false)
	jimuTab.focusVisible()
	if st := jimuTab.pressEnter(); st != 200 {
		t.Fatalf("held: status %d: %s", st, jimuTab.mainText())
	}
	jimuTab.see("会議の状態を記録しました。", "開催済み")
	if n := eval[int](jimuTab, `document.querySelectorAll('#state button').length`); n != 0 {
		t.Fatalf("state buttons of a held meeting: %d", n)
	}
	jimuTab.axeCheck("held 支援会議")

	// くらし left the room for the item: it does not read it, even held
	kbOpenMeeting(kurashi, m.ID)
	kurashi.see("開催済み")
	if strings.Contains(kurashi.mainText(), "見守りの役割を確認した。") {
		t.Fatal("the attendee who left the room reads the item")
	}
}

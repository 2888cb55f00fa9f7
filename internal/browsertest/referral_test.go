package browsertest

import (
	"strings"
	"testing"
)

// recordConsent fills the consent form of the person for the organizations
// (names as shown) and returns to the person page.
func recordConsent(b *tab, personID string, orgNames ...string) {
	b.t.Helper()
	b.open("/consents/new?person_id=" + personID)
	b.check("main form", "given_by", "本人")
	b.typeIn("#f-given_on", "R8.5.20")
	b.check("main form", "method", "署名")
	for _, n := range orgNames {
		b.check("main form", "recipients", n)
	}
	// 基本情報 is checked already (the form's default); 支援経過 is added
	if !eval[bool](b, `document.querySelector('main form input[name=data_categories][value=basic]').checked`) {
		b.t.Fatal("the consent form does not start with 基本情報 checked")
	}
	b.check("main form", "data_categories", "支援経過")
	b.check("main form", "purposes", "関係機関との情報共有")
	b.check("main form", "meeting_types", "重層的支援会議")
	if st := b.click(`main form[action="/consents"] button[type=submit]`); st != 200 {
		b.t.Fatalf("consent: status %d: %s", st, b.mainText())
	}
	if !strings.HasPrefix(b.path(), "/persons/"+personID) {
		b.t.Fatalf("consent not recorded: at %s: %s", b.path(), b.mainText())
	}
	b.see("同意を記録しました")
}

// TestBrowserReferral: worker A records a consent naming organization B and
// sends a referral (つなぐ) from the case page; user B, at another desk,
// accepts it on わたしの仕事 and can then open the case.
func TestBrowserReferral(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("worker", "佐藤", "和子", "サトウ", "カズコ", "1948-07-07")
	c := a.caseFor("worker", p.ID)

	b := newTab(t, a.url)
	b.login("worker")
	recordConsent(b, p.ID, "くらしサポートセンター")
	b.see("くらしサポートセンター", "有効")

	b.open("/cases/" + c.ID)
	b.choose("#referral select[name=to_organization_id]", "くらしサポートセンター")
	b.typeIn("#referral [name=reason]", "家計の相談が必要。滞納がある。")
	if st := b.click(`#referral button[type=submit]`); st != 200 {
		t.Fatalf("referral: status %d: %s", st, b.mainText())
	}
	b.see("家計の相談が必要。滞納がある。")

	other := b.other("worker2")
	other.login("worker2")
	if st := other.openStatus("/cases/" + c.ID); st != 404 {
		t.Fatalf("before accepting, B opens the case: status %d", st)
	}
	other.open("/")
	other.see("受けたつなぎ", "佐藤 和子", "北部地域包括支援センター", "家計の相談が必要。滞納がある。")
	if st := other.click(`form[action^="/referrals/"] input[value=accept] ~ button`); st != 200 {
		t.Fatalf("accept: status %d: %s", st, other.mainText())
	}
	other.see("回答待ちのつなぎはありません。")
	other.open("/cases/" + c.ID)
	other.see("佐藤 和子", "母の介護のことで相談したい。", "くらしサポートセンター")

	// A sees the answer on the case page
	b.open("/cases/" + c.ID)
	if !strings.Contains(b.mainText(), "受諾") && !strings.Contains(b.mainText(), "受け") {
		t.Errorf("A does not see that the referral was accepted: %s", b.mainText())
	}
}

// TestBrowserConsentTeam: adding organization C to the team without consent
// shows the consent error naming C, with the focus on the error summary;
// after the consent for C is recorded it works.
func TestBrowserConsentTeam(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("worker", "鈴木", "次郎", "スズキ", "ジロウ", "1970-01-15")
	c := a.caseFor("worker", p.ID)

	b := newTab(t, a.url)
	b.login("worker")
	b.open("/cases/" + c.ID)
	addToTeam := func() int64 {
		b.choose("#team select[name=organization_id]", "こども家庭センター")
		b.typeIn("#team [name=role]", "子どもの見守り")
		return b.click(`#team button[type=submit]`)
	}
	st := addToTeam()
	if st < 400 {
		t.Fatalf("team without consent: status %d", st)
	}
	summary := eval[string](b, `(document.querySelector('.error-summary') || {}).innerText || ''`)
	if !strings.Contains(summary, "こども家庭センター") || !strings.Contains(summary, "同意") {
		t.Fatalf("the error does not name the organization and the consent: %q", summary)
	}
	if !eval[bool](b, `document.activeElement.classList.contains('error-summary')`) {
		t.Fatalf("focus is on %s, not on the error summary", eval[string](b, `document.activeElement.outerHTML.slice(0, 120)`))
	}
	// the team still lists only the lead organization
	if n := eval[int](b, `document.querySelectorAll('section[aria-labelledby=h-team] tbody tr').length`); n != 1 {
		t.Fatalf("team has %d rows after the refused addition", n)
	}

	recordConsent(b, p.ID, "こども家庭センター")
	b.open("/cases/" + c.ID)
	if st := addToTeam(); st != 200 {
		t.Fatalf("team with consent: status %d: %s", st, b.mainText())
	}
	team := eval[string](b, `document.querySelector('section[aria-labelledby=h-team] table').innerText`)
	if !strings.Contains(team, "こども家庭センター") || !strings.Contains(team, "本人の同意") {
		t.Fatalf("team: %s", team)
	}
}

package browsertest

import (
	"fmt"
	"strings"
)

// kbConsent records, from the person page, the person's consent to share
// with the organizations, with keys only, and returns to the person page.
func kbConsent(b *tab, orgs ...string) {
	b.t.Helper()
	b.tabTo(`main a[href^="/consents/new"]`, false)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("consent form: status %d", st)
	}
	const form = `main form[action="/consents"]`
	b.radioByKeys(form, "given_by", "本人")
	b.tabTo("#f-given_on", false)
	b.keys("R8.5.20")
	if got := previewOf(b, "given_on"); got != "2026-05-20" {
		b.t.Errorf("given_on preview %q", got)
	}
	b.radioByKeys(form, "method", "署名")
	for _, o := range orgs {
		b.tickByKeys(form, "recipients", o)
	}
	b.tickByKeys(form, "data_categories", "基本情報")
	b.tickByKeys(form, "data_categories", "支援経過")
	b.tickByKeys(form, "purposes", "関係機関との情報共有")
	b.tickByKeys(form, "meeting_types", "重層的支援会議")
	b.tabTo(form+" button[type=submit]", false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/persons/") {
		b.t.Fatalf("consent: status %d at %s: %s", st, b.path(), b.mainText())
	}
	b.see("同意を記録しました")
}

// kbOpenCase goes from the menu (ケース) to the case, with keys only.
func kbOpenCase(b *tab, caseID string) {
	b.t.Helper()
	b.tabTo(`nav.site-nav a[href="/cases"]`, false)
	b.pressEnter()
	b.tabTo(fmt.Sprintf(`main a[href="/cases/%s"]`, caseID), false)
	if st := b.pressEnter(); st != 200 || b.pathID() != caseID {
		b.t.Fatalf("open case: status %d at %s", st, b.path())
	}
}

// kbReferral goes from the person page to the case and sends a referral
// (つなぐ) to the organization, with keys only.
func kbReferral(b *tab, caseID, org, reason string) {
	b.t.Helper()
	b.tabTo(fmt.Sprintf(`main a[href="/cases/%s"]`, caseID), false)
	if st := b.pressEnter(); st != 200 || b.pathID() != caseID {
		b.t.Fatalf("case from the person page: status %d at %s", st, b.path())
	}
	b.selectByKeys("#referral select[name=to_organization_id]", org)
	b.tabTo("#referral [name=reason]", false)
	b.keys(reason)
	b.tabTo("#referral button[type=submit]", false)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("referral: status %d: %s", st, b.mainText())
	}
	b.see(reason)
}

// kbAcceptReferral accepts, on わたしの仕事, the referral of the case and
// then opens the case, with keys only.
func kbAcceptReferral(b *tab, caseID, reason string) {
	b.t.Helper()
	b.see("受けたつなぎ", "髙橋 太郎", reason)
	b.tabTo(`form[action$="/answer"]:has(input[name=action][value=accept]) button`, false)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("accept: status %d: %s", st, b.mainText())
	}
	b.see("回答待ちのつなぎはありません。")
	kbOpenCase(b, caseID)
	b.see("髙橋 太郎", "ひとり暮らしで、買い物に行けない。")
}

// kbAddToTeam adds the organization to the case's team, on the case page,
// with keys only.
func kbAddToTeam(b *tab, org, role string) {
	b.t.Helper()
	b.selectByKeys("#team select[name=organization_id]", org)
	b.tabTo("#team [name=role]", false)
	b.keys(role)
	b.tabTo("#team button[type=submit]", false)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("team: status %d: %s", st, b.mainText())
	}
	team := eval[string](b, `document.querySelector('section[aria-labelledby=h-team] table').innerText`)
	if !strings.Contains(team, org) || !strings.Contains(team, role) || !strings.Contains(team, "本人の同意") {
		b.t.Fatalf("team: %s", team)
	}
}

package browsertest

import (
	"strings"
	"testing"
)

// TestBrowserLeadHandover (issue 22): the 多機関協働 coordinator, lead of a
// case, sends a つなぎ with 「主担当を引き継ぐ」 dated some days back (late
// entry) to the 地域包括; the 地域包括 worker accepts it on わたしの仕事 and
// the case page shows the 地域包括 as 主担当機関 with no 主担当者 yet, the
// hand-over つなぎ with its 入力日, and the coordinator's membership ended
// as 「多機関協働の関与終結（主担当へ引継ぎ）」. The coordinator, who no
// longer leads, loses the つなぐ form.
func TestBrowserLeadHandover(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("coord", "木村", "節子", "キムラ", "セツコ", "1950-03-03")
	c := a.caseFor("coord", p.ID)

	b := newTab(t, a.url)
	b.login("coord")
	recordConsent(b, p.ID, "北部地域包括支援センター")
	b.open("/cases/" + c.ID)
	b.see("主担当機関・主担当者", "多機関協働センター")
	b.choose("#referral select[name=to_organization_id]", "北部地域包括支援センター")
	b.typeIn("#referral [name=reason]", "介護保険サービスの調整が中心になったため、主担当を地域包括へ引き継ぐ。")
	b.typeIn("#referral [name=referred_on]", "R8.5.25")
	b.check("#referral", "transfer_lead", "主担当を引き継ぐ")
	if st := b.click(`#referral button[type=submit]`); st != 200 {
		t.Fatalf("hand-over referral: status %d: %s", st, b.mainText())
	}
	b.see("主担当の引継ぎ", "介護保険サービスの調整が中心になったため")

	w := b.other("worker")
	w.login("worker")
	w.open("/")
	w.see("受けたつなぎ", "木村 節子", "介護保険サービスの調整が中心になったため")
	if st := w.click(`form[action^="/referrals/"] input[value=accept] ~ button`); st != 200 {
		t.Fatalf("accept: status %d: %s", st, w.mainText())
	}
	w.open("/cases/" + c.ID)
	head := eval[string](w, `(() => { const dt = [...document.querySelectorAll('dt')].find(d => d.textContent.includes('主担当機関'));
		return dt ? dt.nextElementSibling.textContent : '' })()`)
	if !strings.Contains(head, "北部地域包括支援センター") || !strings.Contains(head, "主担当者がいません") {
		t.Fatalf("the lead after the hand-over: %q", head)
	}
	w.see("多機関協働の関与終結（主担当へ引継ぎ）", "主担当の引継ぎ", "令和8年5月25日", "入力日")
	if n := eval[int](w, `document.querySelectorAll('#referral').length`); n != 1 {
		t.Errorf("the new lead has no つなぐ form (%d)", n)
	}

	// the coordinator no longer leads: no つなぐ form, no lead-only powers
	if st := b.openStatus("/cases/" + c.ID); st == 200 {
		if n := eval[int](b, `document.querySelectorAll('#referral').length`); n != 0 {
			t.Errorf("the previous lead still has the つなぐ form")
		}
	}
}

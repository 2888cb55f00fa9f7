package web_test

// Attack review of issue 18 (helper-d). Each test here FAILS while the leak
// it describes exists: the steps are legitimate requests of an organization's
// own account; the assertion is what the access model (notes/MODEL.md, README
// "The access model") says the organization must not read.

import (
	"net/http"
	"strings"
	"testing"
)

// attackConsent records a consent of personID naming recipients with the
// given data categories and meeting types.
func (e *env) attackConsent(tok, personID string, recipients, cats, mtypes []string) string {
	e.t.Helper()
	if mtypes == nil {
		mtypes = []string{}
	}
	r := e.api("POST", "/api/v1/consents", tok, map[string]any{"person_id": personID, "given_by": "本人", "given_on": "2026-05-25",
		"method": "署名", "recipients": recipients, "data_categories": cats, "purposes": []string{"支援の検討"}, "meeting_types": mtypes})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("consent: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

// attackBasicMember: houkatsu leads a case on its own person (DV-protected
// when dv is set) and adds kurashi to the team under a consent of `basic`
// only. It returns the case, the person and the consent.
func (e *env) attackBasicMember(dv bool) (caseID, personID, consentID string) {
	e.t.Helper()
	lead := e.token("worker")
	body := map[string]any{}
	for k, v := range yamada {
		body[k] = v
	}
	if dv {
		body["dv_protected"] = true
	}
	personID = e.mkPerson(lead, body)
	caseID = e.mkCase(lead, personID)
	consentID = e.attackConsent(lead, personID, []string{e.orgs["kurashi"].ID}, []string{"basic"}, nil)
	if r := e.api("POST", "/api/v1/cases/"+caseID+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計相談"}); r.StatusCode != 201 {
		e.t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	return caseID, personID, consentID
}

// TestAttackNeedsProfileHomeOfDVPerson (rule 6, DV by designation).
// Steps: 1. houkatsu registers a DV-protected person (houkatsu designated),
// opens a case and adds kurashi under a consent of `basic`; 2. houkatsu
// records the person's participation needs profile with the home position
// (home_lat/home_lng) for 参加支援; 3. kurashi GETs
// /api/v1/persons/{id}/needs-profile. Leak: kurashi, not designated, gets the
// coordinates of the home of a person under DV等支援措置 (the address it may
// not see on /persons/{id}). Missing check: sqldb.NeedsProfile (and
// MatchSuggestions, whose distances derive from the same point) apply
// visiblePerson only, never casework.CanSeeAddress.
func TestAttackNeedsProfileHomeOfDVPerson(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	_, pid, _ := e.attackBasicMember(true)
	prof := map[string]any{"interests": []string{"農作業"}, "days": []string{"水"}, "time_slots": []string{"午前"},
		"districts": []string{"北地区"}, "home_lat": 35.123456, "home_lng": 139.654321, "version": 0}
	if r := e.api("PUT", "/api/v1/persons/"+pid+"/needs-profile", lead, prof); r.StatusCode != 200 {
		t.Fatalf("save profile: %d %s", r.StatusCode, r.Body)
	}
	if p := e.api("GET", "/api/v1/persons/"+pid, kurashi, nil); p.StatusCode != 200 || strings.Contains(p.Body, "本町") {
		t.Fatalf("precondition: kurashi sees the person without the address: %d %s", p.StatusCode, p.Body)
	}
	r := e.api("GET", "/api/v1/persons/"+pid+"/needs-profile", kurashi, nil)
	if r.StatusCode == 200 && (strings.Contains(r.Body, "35.123456") || strings.Contains(r.Body, "139.654321")) {
		t.Fatalf("LEAK: a non-designated organization reads the home position of a DV-protected person: %s", r.Body)
	}
}

// TestAttackNeedsProfileHealthBeyondBasic (rule 2, consent scope).
// Steps: 1. kurashi joins houkatsu's case under a consent of `basic` only;
// 2. houkatsu records the needs profile with health_limits (心身の状況);
// 3. kurashi GETs /api/v1/persons/{id}/needs-profile. Leak: the health
// restriction, a `health` item, reaches an organization whose consent gives
// `basic` only (name, birth date, contact). Missing check: sqldb.NeedsProfile
// opens the whole profile on casework.CanSeePerson.
func TestAttackNeedsProfileHealthBeyondBasic(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	cid, pid, _ := e.attackBasicMember(false)
	if r := e.api("GET", "/api/v1/cases/"+cid+"/assessments", kurashi, nil); r.StatusCode != http.StatusForbidden {
		t.Logf("assessments as basic member: %d", r.StatusCode)
	}
	prof := map[string]any{"interests": []string{"農作業"}, "health_limits": "統合失調症の通院中。服薬で眠気が強い", "version": 0}
	if r := e.api("PUT", "/api/v1/persons/"+pid+"/needs-profile", lead, prof); r.StatusCode != 200 {
		t.Fatalf("save profile: %d %s", r.StatusCode, r.Body)
	}
	r := e.api("GET", "/api/v1/persons/"+pid+"/needs-profile", kurashi, nil)
	if r.StatusCode == 200 && strings.Contains(r.Body, "統合失調症") {
		t.Fatalf("LEAK: a member under a `basic` consent reads the health restriction: %s", r.Body)
	}
}

// TestAttackDuplicateReasonsRevealDVAddress (rule 6; 名寄せ as an oracle).
// Steps: 1. kurashi is on houkatsu's case of a DV-protected person under a
// `basic` consent (it sees the name and birth date, not the address);
// 2. kurashi registers its OWN record with that name and birth date and a
// guessed postal code and street; 3. GET /api/v1/persons/{own}/duplicates.
// Leak: the reasons of the hit on the DV person say 「郵便番号が一致」/
// 「住所が一致」 when the guess is right and not otherwise — an oracle on the
// protected address (one guess per registration, or per PATCH of its own
// record). Missing check: sqldb duplicatesOf / dedupe scoring compares the
// stored address of a person whose address the actor may not see
// (casework.CanSeeAddress); address and phone reasons must be dropped for
// such a person.
func TestAttackDuplicateReasonsRevealDVAddress(t *testing.T) {
	e := newEnv(t)
	kurashi := e.token("worker2")
	_, pid, _ := e.attackBasicMember(true)
	guess := map[string]any{}
	for k, v := range yamada {
		guess[k] = v
	}
	guess["phone"] = "090-9999-9999"
	guess["address"] = map[string]any{"postal_code": "123-4567", "prefecture": "架空県", "city": "かさね市", "street": "本町1-2-3"}
	own := e.mkPerson(kurashi, guess)
	r := e.api("GET", "/api/v1/persons/"+own+"/duplicates", kurashi, nil)
	if r.StatusCode != 200 {
		t.Fatalf("duplicates: %d %s", r.StatusCode, r.Body)
	}
	if !strings.Contains(r.Body, pid) {
		t.Skipf("the DV person is not offered as a candidate: %s", r.Body)
	}
	if strings.Contains(r.Body, "郵便番号が一致") || strings.Contains(r.Body, "住所が一致") {
		t.Fatalf("LEAK: the duplicate reasons confirm the protected address of a DV person to a non-designated organization: %s", r.Body)
	}
}

// TestAttackReferralReasonAfterWithdrawal (derived access ends with its
// source; rule 2: referrals' reasons are `records`).
// Steps: 1. houkatsu records a consent naming kurashi (`basic` only) and
// sends kurashi a referral with its reason; 2. kurashi accepts; 3. the person
// withdraws the consent; 4. kurashi GETs /api/v1/referrals. Leak: after the
// withdrawal (the case is 404 to kurashi) it still reads the person's name
// and the referral reason (支援の内容), and it read that reason under a
// consent of `basic` only before. Missing check: sqldb.Referrals (and
// caseReferrals on the case page) fill PersonName and Reason without
// casework.CanReadCase / CanReadCaseData(records) for the receiver; the name
// and reason must follow the receiver's current scope (a pending referral's
// receiver may know only what the basis checked at sending still gives).
func TestAttackReferralReasonAfterWithdrawal(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	cid, pid := e.teamCase()
	consentID := e.attackConsent(lead, pid, []string{e.orgs["kurashi"].ID}, []string{"basic"}, nil)
	r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "消費者金融に約300万円の借金がある"})
	if r.StatusCode != 201 {
		t.Fatalf("referral: %d %s", r.StatusCode, r.Body)
	}
	refID := r.JSON(t)["id"].(string)
	if a := e.api("POST", "/api/v1/referrals/"+refID+"/accept", kurashi, nil); a.StatusCode != 200 {
		t.Fatalf("accept: %d %s", a.StatusCode, a.Body)
	}
	if w := e.api("POST", "/api/v1/consents/"+consentID+"/withdraw", lead, map[string]any{"reason": "本人の申し出"}); w.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", w.StatusCode, w.Body)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil); g.StatusCode != 404 {
		t.Fatalf("precondition: case still readable after withdrawal: %d", g.StatusCode)
	}
	l := e.api("GET", "/api/v1/referrals", kurashi, nil)
	if strings.Contains(l.Body, "髙橋") || strings.Contains(l.Body, "借金") {
		t.Fatalf("LEAK: after the consent is withdrawn the receiver still reads the person's name and the referral reason: %s", l.Body)
	}
}

// TestAttackAnnualRecordsMeetingItemAfterWithdrawal (derived access ends with
// its source; meeting items under consent).
// Steps: 1. houkatsu's person consents to kurashi and takikan for 重層的支援会議;
// 2. the case is put on a (held) 重層的支援会議 that kurashi attends;
// 3. the consent is withdrawn — the item drops out of /api/v1/meetings/{id};
// 4. kurashi GETs /api/v1/reports/annual/records?section=meeting_items.
// Leak: the drill-down still lists the item with the person's name and case
// number (who was discussed at the 重層的支援会議). Missing check:
// sqldb.recordVisibility.check decides a record with a MeetingID by
// visibleMeeting only; a meeting item must pass casework.CanReadMeetingItem
// (readableItems), like the meeting page.
func TestAttackAnnualRecordsMeetingItemAfterWithdrawal(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	cid, pid := e.teamCase()
	consentID := e.attackConsent(lead, pid, []string{e.orgs["kurashi"].ID, e.orgs["takikan"].ID}, []string{"basic", "records"}, []string{"jusoteki_shien_kaigi"})
	mid := e.meetingAt("jusoteki_shien_kaigi", "2026-05-30T14:00:00+09:00", "houkatsu", "kurashi", "takikan")
	e.meetingItem(mid, cid)
	if m := e.api("GET", "/api/v1/meetings/"+mid, kurashi, nil); !strings.Contains(m.Body, "見守りを続ける") {
		t.Fatalf("precondition: attendee reads the item under consent: %s", m.Body)
	}
	if w := e.api("POST", "/api/v1/consents/"+consentID+"/withdraw", lead, map[string]any{"reason": "本人の申し出"}); w.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", w.StatusCode, w.Body)
	}
	if m := e.api("GET", "/api/v1/meetings/"+mid, kurashi, nil); strings.Contains(m.Body, "見守りを続ける") {
		t.Fatalf("precondition: meeting page still shows the item after withdrawal")
	}
	items, _ := e.records(kurashi, "fiscal_year=2026&section=meeting_items")
	for _, it := range items {
		if it["case_id"] == cid || strings.Contains(it["person_name"].(string), "髙橋") {
			t.Fatalf("LEAK: after withdrawal the report drill-down still names the person discussed at the meeting: %v", it)
		}
	}
}

// TestAttackMatchLogsBeyondBasic (rule 2, consent scope).
// Steps: 1. kurashi joins houkatsu's case under a consent of `basic` only;
// 2. houkatsu proposes a participation match for the person and writes a
// 定着支援 log; 3. kurashi GETs /api/v1/participation-matches?person_id= and
// /api/v1/participation-matches/{id}. Leak: the support log (content of
// support, `records`) and where the person goes reach an organization whose
// consent gives `basic` only. Missing check: sqldb.matchView gives the full
// match and logs on visiblePerson (CanSeePerson, i.e. `basic`) alone; a
// match proposed by another organization needs `records` of a case about the
// person (or the proposer being the actor's organization).
func TestAttackMatchLogsBeyondBasic(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	_, pid, _ := e.attackBasicMember(false)
	farm := e.mkResource(lead, map[string]any{"name": "みどり農園", "kind": "農園", "district": "北地区", "accepts_participants": true,
		"menus": []string{"農作業体験"}, "days": []string{"水"}})
	m := e.api("POST", "/api/v1/participation-matches", lead, map[string]any{"person_id": pid, "resource_id": farm, "menu": "農作業体験"})
	if m.StatusCode != 201 {
		t.Fatalf("match: %d %s", m.StatusCode, m.Body)
	}
	mid := m.JSON(t)["id"].(string)
	if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/logs", lead, map[string]any{"kind": "retention", "at": "2026-06-01T09:00",
		"method": "面談", "note": "パニック発作があり途中で帰宅した"}); r.StatusCode != 201 {
		t.Fatalf("log: %d %s", r.StatusCode, r.Body)
	}
	r := e.api("GET", "/api/v1/participation-matches/"+mid, kurashi, nil)
	if r.StatusCode == 200 && strings.Contains(r.Body, "パニック発作") {
		t.Fatalf("LEAK: a member under a `basic` consent reads another organization's participation support log: %s", r.Body)
	}
}

// TestAttackOutreachTargetOutlivesConsent (derived access ends with its
// source; no self-granting).
// Steps: 1. kurashi is on houkatsu's case under a consent (it sees the
// person); 2. kurashi registers its own outreach target with person_id of
// houkatsu's person; 3. the consent is withdrawn (the case and the person
// are 404 to kurashi); 4. houkatsu corrects the person's name (e.g. a new
// surname after leaving a violent spouse); 5. kurashi GETs its target.
// Leak: through the target kurashi keeps reading houkatsu's person record —
// its current name, live — after its basis ended. Missing check:
// sqldb.CreateOutreachTarget links any visible person (not only the actor's
// own record, casework.CheckOwnRecord), and scanTarget/targetCols join the
// live persons row without casework.CanSeePerson.
func TestAttackOutreachTargetOutlivesConsent(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	cid, pid, consentID := e.attackBasicMember(false)
	r := e.api("POST", "/api/v1/outreach-targets", kurashi, map[string]any{"person_id": pid, "found_via": "関係機関",
		"concern": "家計の相談が途切れた", "found_on": "2026-05-30", "district": "北地区"})
	if r.StatusCode != http.StatusCreated {
		t.Skipf("kurashi cannot link the other organization's person to a target (held): %d %s", r.StatusCode, r.Body)
	}
	tid := r.JSON(t)["id"].(string)
	if w := e.api("POST", "/api/v1/consents/"+consentID+"/withdraw", lead, map[string]any{"reason": "本人の申し出"}); w.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", w.StatusCode, w.Body)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil); g.StatusCode != 404 {
		t.Fatalf("precondition: case readable after withdrawal: %d", g.StatusCode)
	}
	if g := e.api("GET", "/api/v1/persons/"+pid, kurashi, nil); g.StatusCode != 404 {
		t.Fatalf("precondition: person readable after withdrawal: %d", g.StatusCode)
	}
	p := e.api("GET", "/api/v1/persons/"+pid, lead, nil).JSON(t)
	if u := e.api("PATCH", "/api/v1/persons/"+pid, lead, map[string]any{"family_name": "佐々木", "version": p["version"]}); u.StatusCode != 200 {
		t.Fatalf("rename: %d %s", u.StatusCode, u.Body)
	}
	g := e.api("GET", "/api/v1/outreach-targets/"+tid, kurashi, nil)
	if g.StatusCode == 200 && strings.Contains(g.Body, "佐々木") {
		t.Fatalf("LEAK: after the consent ended kurashi reads the person's current name through its outreach target: %s", g.Body)
	}
}

// TestAttackMeetingItemsBeyondBasic (rule 2, consent scope; README: meeting
// items are `records`). Steps: 1. houkatsu's person consents to kurashi and
// takikan with data categories `basic` only and meeting type 重層的支援会議;
// 2. houkatsu adds kurashi to the team and puts the case on a 重層的支援会議
// kurashi attends; 3. kurashi GETs /api/v1/cases/{id}/meeting-items (and
// /api/v1/meetings/{id}). Leak: the situation and decisions (`records`)
// reach a member whose consent gives `basic` only; the consent form says
// 「次の情報…に限り」. Missing check: casework.CanReadMeetingItem accepts
// any consent covering the org and meeting type (ConsentCoversMeeting)
// without the `records` category. (If the lead decides that naming a meeting
// type shares the item regardless of categories, the README's "records →
// meeting items" must say so instead.)
func TestAttackMeetingItemsBeyondBasic(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	cid, pid := e.teamCase()
	e.attackConsent(lead, pid, []string{e.orgs["kurashi"].ID, e.orgs["takikan"].ID}, []string{"basic"}, []string{"jusoteki_shien_kaigi"})
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計相談"}); r.StatusCode != 201 {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	if c := e.api("GET", "/api/v1/cases/"+cid+"/contacts", kurashi, nil); c.StatusCode == 200 {
		t.Fatalf("precondition: a basic member reads contacts")
	}
	mid := e.meetingAt("jusoteki_shien_kaigi", "2026-05-30T14:00:00+09:00", "houkatsu", "kurashi", "takikan")
	e.meetingItem(mid, cid)
	r := e.api("GET", "/api/v1/cases/"+cid+"/meeting-items", kurashi, nil)
	if r.StatusCode == 200 && strings.Contains(r.Body, "見守りを続ける") {
		t.Fatalf("LEAK: a member under a `basic` consent reads the case's meeting item (records): %s", r.Body)
	}
}

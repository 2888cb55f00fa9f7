package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// 庁内つなぎ票 (issue 22). Staff of other sections of the town hall (税, 国保,
// 水道 …) meet residents in difficulty at their own counters: arrears of tax,
// insurance or water charges are often the first visible sign of 困窮. The
// 生活困窮者自立支援法 asks them to pass such residents on (第8条: 都道府県等
// は、福祉、就労、教育、税務、住宅その他のその所掌事務に関する業務の遂行に当た
// って、生活困窮者を把握したときは…この法律に基づく事業の利用及び給付の受給の
// 勧奨その他適切な措置を講ずるように努めるものとする); municipalities do it on a
// paper つなぎシート. The role liaison (庁内つなぎ担当) is that sheet:
//
//   - Only users of municipal_section organizations hold it (like
//     decision_maker: CheckRolesForOrgKind).
//   - A liaison searches persons (rule 4: every hit is the hit view only —
//     CanSeePerson needs a role that handles cases, which liaison is not),
//     registers the person it met (basic fields only: 氏名, ふりがな, 生年月日,
//     性別, 住所, 電話) and sends one つなぎ票 to an organization that takes
//     consultations (LiaisonReceiverKinds) with a short 気になっていること and
//     the person's consent to the hand-over (口頭 / 書面 / なし).
//   - It reads nothing else: no case, no case list, no person page (not even
//     of the persons it registered), no household, report, export or meeting.
//     Of its つなぎ票 it reads what it wrote and the 相談窓口's answer (回答待ち
//     / 受付済み / 辞退 with the reason written for it) — never the case the
//     answer opened (LimitForSender).
//
// Rule 0: the person record the liaison registers is the section's own
// record and opens nothing to anyone. The receiving organization reads the
// つなぎ票 (what the section chose to tell it) and, when it accepts, opens its
// case on its OWN person record (registered from the つなぎ票, or a record it
// already had), never on the section's record, so that neither side reads the
// other's: the two records are linked by 名寄せ (origin "liaison") for
// counting only (SameLink). The section becomes the case's 紹介元機関, which
// gives it no access.
//
// Sharing without the person's consent (同意「なし」) is allowed only where
// 個人情報の保護に関する法律第69条第2項 allows it (第2号: the municipality's
// own use for its duties with reasonable grounds, when the 相談窓口 is run by
// the municipality; 第4号: a provision clearly in the person's interest); the
// form says so.

// RoleLiaison is the role of a section's 庁内つなぎ担当.
const RoleLiaison = "liaison"

// IsLiaison reports whether the actor holds the liaison role.
func IsLiaison(a Actor) bool { return a.Has(RoleLiaison) }

// LiaisonOnly reports whether liaison is the actor's only role: such a user
// reaches only the routes of its form, its つなぎ票, the person search and
// its own account; every other route is refused outright (the web layer's
// gate, liaisonMay), beyond the rules that already give it no data.
func LiaisonOnly(a Actor) bool {
	for _, r := range a.Roles {
		if r != RoleLiaison {
			return false
		}
	}
	return len(a.Roles) > 0
}

// LiaisonReceiverKinds are the organizations a つなぎ票 may go to: those
// that take consultations (the four 包括的相談支援 kinds and the others that
// do; the same list as break-glass).
var LiaisonReceiverKinds = []string{"municipal_section", "community_support_center", "disability_consultation",
	"self_reliance_support", "child_family_center", "social_welfare_council", "multi_agency",
	"child_guidance_center", "health_center"}

// LiaisonConsents: the person's consent to the hand-over, as the section
// recorded it.
var LiaisonConsents = labels("口頭", "書面", "なし")

// LiaisonStatuses are the states of a つなぎ票 (the 相談窓口's answer).
var LiaisonStatuses = CodeList{{"pending", "回答待ち"}, {"accepted", "受付済み"}, {"declined", "辞退"}}

// LiaisonReferral is one 庁内つなぎ票.
type LiaisonReferral struct {
	ID            string `json:"id"`
	PersonID      string `json:"person_id"` // the section's own record of the person
	FromOrgID     string `json:"from_organization_id"`
	FromOrgName   string `json:"from_organization_name,omitempty"`
	ToOrgID       string `json:"to_organization_id"`
	ToOrgName     string `json:"to_organization_name,omitempty"`
	SentByUserID  string `json:"sent_by_user_id"`
	SentByName    string `json:"sent_by_name,omitempty"`
	Concern       string `json:"concern"`
	Consent       string `json:"consent"`
	ReferredOn    string `json:"referred_on"`
	DueOn         string `json:"due_on"`
	Status        string `json:"status"`
	DeclineReason string `json:"decline_reason,omitempty"`
	AnsweredAt    string `json:"answered_at,omitempty"`
	Overdue       bool   `json:"overdue"`
	// Person is what the section typed (its own record), for the section and
	// the receiver; PersonName its display name.
	Person     *Person `json:"person,omitempty"`
	PersonName string  `json:"person_name"`
	// CaseID and ReceiverPersonID: the case the receiver opened on its own
	// record. Only the receiver reads them.
	CaseID           string    `json:"case_id,omitempty"`
	ReceiverPersonID string    `json:"receiver_person_id,omitempty"`
	Version          int       `json:"version"`
	Created          time.Time `json:"created_at"`
}

// CheckSendLiaison: a liaison of a municipal_section sends つなぎ票.
func CheckSendLiaison(a Actor, orgKind string) error {
	if !IsLiaison(a) || orgKind != "municipal_section" {
		return Errorf(EFORBIDDEN, "庁内つなぎ票を送れるのは、市の担当課の庁内つなぎ担当（liaison）だけです。")
	}
	return nil
}

// CheckLiaisonReceiver: the つなぎ先 takes consultations, is active and is
// not the sending section itself.
func CheckLiaisonReceiver(o Organization, fromOrg string) error {
	const f = "to_organization_id"
	switch {
	case o.ID == fromOrg:
		return &Error{Code: EINVALID, Message: "自分の課にはつなげません。", Fields: map[string]string{f: "自分の課にはつなげません。相談窓口を選んでください。"}}
	case !contains(LiaisonReceiverKinds, o.Kind):
		msg := "「" + o.Name + "」は相談を受ける機関ではありません。相談窓口（地域包括支援センター、自立相談支援機関など）を選んでください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{f: msg}}
	}
	return CheckOrgActive(o, f)
}

// Validate checks a new つなぎ票 (the person is checked by
// CheckLiaisonPerson).
func (r *LiaisonReferral) Validate(now time.Time) error {
	v := Invalid{}
	r.Concern = strings.TrimSpace(r.Concern)
	r.Consent = strings.TrimSpace(r.Consent)
	if r.ToOrgID == "" {
		v.Add("to_organization_id", "つなぐ先の相談窓口を選んでください。")
	}
	switch {
	case r.Concern == "":
		v.Add("concern", "気になっていること（窓口で見聞きしたこと）を入力してください。")
	case utf8.RuneCountInString(r.Concern) > 1000:
		v.Add("concern", "気になっていることは1000文字以内で入力してください。")
	}
	if !LiaisonConsents.Has(r.Consent) {
		v.Add("consent", "本人の同意（口頭・書面・なし）を選んでください。")
	}
	if r.PersonID == "" && r.Person == nil {
		v.Add("family_name", "本人の氏名を入力してください。")
	}
	r.ReferredOn = Today(now)
	return v.Err()
}

// CheckLiaisonPerson: a liaison registers a named person with the basic
// fields only. The DV flag is not a section's to set here (the receiving
// 相談窓口 sets it on its own record): an address under 支援措置 is left out.
func CheckLiaisonPerson(p *Person) error {
	v := Invalid{}
	if p.DVProtected {
		v.Add("dv_protected", "庁内つなぎ票ではDV等支援措置を設定できません。支援措置の対象の方は住所を書かずに送り、気になっていることにその旨を書いてください。")
	}
	if !p.Identified || strings.TrimSpace(p.FamilyName) == "" {
		v.Add("family_name", "本人の氏を入力してください。")
	}
	// only the basic fields travel on a つなぎ票
	p.Alias, p.MaidenName, p.Label, p.Phone2, p.DeceasedOn, p.ActualAddress = "", "", "", "", "", Address{}
	return v.Err()
}

// IsOverdue: a pending つなぎ票 past its due date is an alarm.
func (r LiaisonReferral) IsOverdue(day string) bool {
	return r.Status == "pending" && r.DueOn != "" && day > r.DueOn
}

// CanReadLiaison: the sending section (its liaisons and its staff who
// handle cases) and the receiving organization's staff who handle cases.
func CanReadLiaison(a Actor, r LiaisonReferral) bool {
	switch a.OrganizationID {
	case "":
		return false
	case r.FromOrgID:
		return IsLiaison(a) || CanHandleCases(a)
	case r.ToOrgID:
		return CanHandleCases(a)
	}
	return false
}

// CheckAnswerLiaison: a writer of the receiving organization answers a
// pending つなぎ票. Anyone who may not read it gets not-found.
func CheckAnswerLiaison(a Actor, r LiaisonReferral) error {
	if !CanReadLiaison(a, r) {
		return NotFound("庁内つなぎ票")
	}
	if a.OrganizationID != r.ToOrgID || !CanWriteCases(a) {
		return Errorf(EFORBIDDEN, "庁内つなぎ票に回答できるのは、つなぎ先の相談窓口の職員だけです。")
	}
	if r.Status != "pending" {
		msg := "この庁内つなぎ票は既に「" + LiaisonStatuses.Label(r.Status) + "」です。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"status": msg}}
	}
	return nil
}

// CheckDeclineReason: the answer the section reads (never case content).
func CheckDeclineReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	msg := ""
	switch {
	case reason == "":
		msg = "辞退の理由（庁内の担当課に伝える内容）を入力してください。"
	case utf8.RuneCountInString(reason) > 500:
		msg = "辞退の理由は500文字以内で入力してください。"
	}
	if msg != "" {
		return reason, &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	return reason, nil
}

// LimitForSender is what the sending section reads of its つなぎ票 once
// sent: the fact and the state — whom it concerned (the name), where it went,
// what it said, the answer — never the case the answer opened nor the
// receiver's record, and no longer the person's details (the section keeps
// them in its own systems; kasane does not show them back).
func (r *LiaisonReferral) LimitForSender(a Actor) {
	if a.OrganizationID == r.ToOrgID && CanHandleCases(a) {
		return
	}
	r.CaseID, r.ReceiverPersonID, r.Person = "", "", nil
}

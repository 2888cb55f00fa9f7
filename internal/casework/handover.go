package casework

// Hand-over of the lead (主担当の引継ぎ, issue 22). A referral with
// TransferLead, once accepted, makes its receiver the lead organization.
//
// What happens to the previous lead (decided for the 多機関協働 coordinator's
// way of working, documented in README):
//   - its "lead" membership ends on the day of the hand-over with the end
//     reason lead_handover (or takikan_handover when the previous lead is a
//     多機関協働事業者: its own involvement ends there, 「多機関協働の関与終結
//     （主担当へ引継ぎ）」, and it is counted in the annual report);
//   - an organization that is not a 多機関協働事業者 stays on the team as
//     「元主担当」 only when an effective consent of the person names it (rule 2
//     as for anyone else; rule 0: it keeps nothing because it once led);
//     without one it leaves the team.
//   - the lead worker is cleared: the new lead names one (until then the
//     alert 「主担当者がいません」 shows on the new lead's list).

// OrgKindMultiAgency is the organization kind of a 多機関協働事業者.
const OrgKindMultiAgency = "multi_agency"

// TeamEndReasons: why a team membership ended.
var TeamEndReasons = CodeList{
	{"lead_handover", "主担当の引継ぎ（元主担当）"},
	{"takikan_handover", "多機関協働の関与終結（主担当へ引継ぎ）"},
	{"other", "その他"},
}

// CheckTransferLead is rule 2 for a new lead: the receiver may become the
// lead only while it may be on the team — an effective consent that names
// it, or an active statutory membership on this case. It returns ECONSENT
// naming the organization otherwise.
func CheckTransferLead(f CaseFacts, org, orgName, day string) error {
	if org == f.LeadOrgID {
		return &Error{Code: EINVALID, Message: "この機関は既に主担当機関です。", Fields: map[string]string{"transfer_lead": "この機関は既に主担当機関です。"}}
	}
	if _, ok := CoveredBy(f.Consents, org, day); ok {
		return nil
	}
	for _, m := range f.Team {
		if m.OrganizationID == org && m.Basis == BasisStatutory && f.ActiveOn(m, day) {
			return nil
		}
	}
	msg := "「" + orgName + "」に主担当を引き継ぐには、本人の有効な同意（提供先にこの機関を含むもの）か、この機関の法令上の根拠の記録が必要です。"
	return &Error{Code: ECONSENT, Message: msg, Fields: map[string]string{"transfer_lead": msg}}
}

// CheckSendTransfer: only the current lead hands the lead on.
func CheckSendTransfer(a Actor, f CaseFacts) error {
	if !IsLead(a, f) {
		return Errorf(EFORBIDDEN, "主担当の引継ぎを送れるのは、このケースの主担当機関だけです。")
	}
	return nil
}

// LeadHandoverEndReason is the end reason of the previous lead's
// membership, by its organization kind.
func LeadHandoverEndReason(prevLeadKind string) string {
	if prevLeadKind == OrgKindMultiAgency {
		return "takikan_handover"
	}
	return "lead_handover"
}

// EndReasonLabel names the membership's end reason in Japanese (empty when none).
func (m TeamMember) EndReasonLabel() string {
	if m.EndReason == "" {
		return ""
	}
	return TeamEndReasons.Label(m.EndReason)
}

// EnteredOn is the JST day the referral was entered (入力日); ReferredOn
// may be earlier (late entry).
func (r Referral) EnteredOn() string {
	if r.Created.IsZero() {
		return ""
	}
	return Today(r.Created)
}

// TeamFrom is the first day of a new team membership (late entry, issue
// 22): today when empty; a past day is allowed, not a future one nor a day
// before the case was received. Access is always decided on the day of the
// request, so a past From widens nothing.
func TeamFrom(from, receivedOn, today string) (string, error) {
	d, msg := NormalizeDate(from, false)
	switch {
	case msg != "":
	case d == "":
		return today, nil
	case d > today:
		msg = "参加日に未来の日付は入力できません。"
	case receivedOn != "" && d < receivedOn:
		msg = "参加日がケースの受付日より前になっています。"
	default:
		return d, nil
	}
	return "", &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"from": msg}}
}

// EnteredOn is the JST day the contact was entered (入力日); At may be days
// earlier (late entry).
func (c Contact) EnteredOn() string {
	if c.Created.IsZero() {
		return ""
	}
	return Today(c.Created)
}

// AtDay is the JST day of the contact.
func (c Contact) AtDay() string { return Today(c.At) }

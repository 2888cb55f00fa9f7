package casework

import "strings"

// CanReadMeetingItem is rule 3 over rule 5: an attendee reads a case item
// only as long as its basis lasts, and only once the meeting is held. The
// case's lead always reads it (it holds the information), and so does an
// organization that reads the case's records as a team member. Any other
// organization reads it only when the meeting has been held (a scheduled or
// cancelled meeting shares nothing), one of its attendees was present and
// stayed in the room for the item, and: at a meeting on consent, an
// effective consent of the focus person lists it and the meeting's type
// (after a withdrawal the item is gone from the page, print and exports);
// at a meeting on a statute, its present attendees acknowledged the duty of
// confidentiality.
func CanReadMeetingItem(a Actor, m Meeting, it MeetingItem, f CaseFacts, day string) bool {
	if !CanHandleCases(a) {
		return false
	}
	if IsLead(a, f) || CanReadCaseData(a, f, CatRecords, day) {
		return true
	}
	if m.Status != MeetingHeldStatus || !contains(ItemParties(m, it), a.OrganizationID) {
		return false
	}
	if !StatutoryMeeting(m.Type) {
		// the item is consultation content: the consent must give `records`
		// as well as name the organization and the meeting type
		for _, c := range f.Consents {
			if ConsentCoversMeeting(c, a.OrganizationID, m.Type, day) && contains(c.DataCategories, CatRecords) {
				return true
			}
		}
		return false
	}
	for _, at := range m.Attendees {
		if at.OrganizationID == a.OrganizationID && !at.Absent && !at.ConfidentialityAck {
			return false
		}
	}
	return true
}

// ItemParties are the organizations party to an item: those with an
// attendee who came and did not leave the room for it (the host counts as
// attending its meeting).
func ItemParties(m Meeting, it MeetingItem) []string {
	var out []string
	for _, at := range m.Attendees {
		if at.Absent || (at.ID != "" && contains(it.LeftRoom, at.ID)) || contains(out, at.OrganizationID) {
			continue
		}
		out = append(out, at.OrganizationID)
	}
	return out
}

// CheckMeetingItem is rule 5. At a meeting on consent (重層的支援会議 and
// every type without a statute) the focus person's effective consent must
// cover EVERY organization party to the item (ItemParties: present and in
// the room; the case's lead counts as covered) and the meeting's type. At a
// meeting on a statute (支援会議 and the others of ConfidentialityDuty) no
// consent is needed, but every attendee party to the item must have
// acknowledged the duty of confidentiality. It returns the consent relied
// on (if any), or ECONSENT / ECONFIDENTIALITY listing the organizations
// (id → message).
func CheckMeetingItem(m Meeting, it MeetingItem, f CaseFacts, orgName map[string]string, day string) (consentID string, err error) {
	name := func(id string) string {
		if n := orgName[id]; n != "" {
			return n
		}
		return "不明な機関"
	}
	parties := ItemParties(m, it)
	if duty := ConfidentialityDuty[m.Type]; duty != "" {
		fields := map[string]string{}
		for _, a := range m.Attendees {
			if contains(parties, a.OrganizationID) && !a.Absent && !(a.ID != "" && contains(it.LeftRoom, a.ID)) && !a.ConfidentialityAck {
				fields[a.OrganizationID] = "「" + name(a.OrganizationID) + "」の出席者が守秘義務（" + duty + "）を確認していません。"
			}
		}
		if len(fields) > 0 {
			return "", &Error{Code: ECONFIDENTIALITY, Message: MeetingTypes.Label(m.Type) + "で検討するには、出席者全員の守秘義務（" + duty + "）の確認が必要です。", Fields: fields}
		}
		return "", nil
	}
	fields := map[string]string{}
	var names []string
	for _, org := range parties {
		if org == f.LeadOrgID {
			continue
		}
		covered := false
		for _, c := range f.Consents {
			if ConsentCoversMeeting(c, org, m.Type, day) {
				covered, consentID = true, c.ID
				break
			}
		}
		if !covered {
			fields[org] = "「" + name(org) + "」は本人の有効な同意の提供先に含まれていません（" + MeetingTypes.Label(m.Type) + "）。"
			names = append(names, "「"+name(org)+"」")
		}
	}
	if len(fields) > 0 {
		return "", &Error{Code: ECONSENT, Message: "本人の同意が出席機関 " + strings.Join(names, "、") + " に及んでいないため、このケースは検討できません。その機関の出席者が退室して検討するか、支援会議（社会福祉法第106条の6）での検討を考えてください。", Fields: fields}
	}
	return consentID, nil
}

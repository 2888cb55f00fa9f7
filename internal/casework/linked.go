package casework

// Linked records (名寄せ, issue 23). Records decided 「同一人物」 form a
// linked group: one person registered by several organizations, each with
// its own record and its own consents (rule 0: a link never merges access;
// CheckOwnRecord). The link exists so that help can be found: an
// organization working with the person learns which other organizations
// work with the same person, and whom to call.
//
// What rule 4 allows here (the municipality's reading, README 「名寄せ」):
//   - The organizations working with a linked group (the organization that
//     registered each record, the lead organization of each open case whose
//     focus person is a record of the group) are named ONLY to an actor who
//     may see one record of the group (CanSeePerson: its organization
//     registered it or is on the team of a case about it). Such an actor
//     already works with the person; knowing who else does is what it needs
//     to coordinate (社会福祉法第106条の4第2項 重層的支援体制整備事業: 多機関協働).
//   - Outside that, a hit keeps rule 4 as it was: the person is known, and
//     the municipality's contact point (InquiryContact); no organization.
//   - A record of the group the actor may not see shows as
//     「他機関の記録（閲覧権限なし）」 with the organizations to contact: never
//     its name as recorded there, its birth date, address, phone, cases'
//     content or consents. Its cases are named by their lead organization
//     only.
//   - Rule 6: for a record under DV等支援措置 that the actor's organization is
//     not designated for, not even the organizations are named (a shelter
//     or a 配偶者暴力相談支援センター named as contact would point to where the
//     person is): only the municipality's contact point.

// LinkedShow is what an actor is shown of a record linked to one it sees.
type LinkedShow int

const (
	LinkedNone        LinkedShow = iota // nothing (the actor sees no record of the group)
	LinkedRecord                        // the record itself: the actor may see it (rule 4)
	LinkedContacts                      // 「他機関の記録（閲覧権限なし）」 and the organizations to contact
	LinkedInquiryOnly                   // 「他機関の記録（閲覧権限なし）」 and the municipality's contact point (rule 6)
)

// SeesLinkedGroup reports whether the actor may see one record of a linked
// group (the facts of every record of the group).
func SeesLinkedGroup(a Actor, group []PersonFacts, day string) bool {
	for _, f := range group {
		if CanSeePerson(a, f, day) {
			return true
		}
	}
	return false
}

// LinkedView decides what an actor who sees the group (seesGroup) is shown
// of the record with facts f.
func LinkedView(a Actor, f PersonFacts, seesGroup bool, day string) LinkedShow {
	switch {
	case !seesGroup:
		return LinkedNone
	case CanSeePerson(a, f, day):
		return LinkedRecord
	case f.DVProtected && !IsDesignated(a, f):
		return LinkedInquiryOnly
	}
	return LinkedContacts
}

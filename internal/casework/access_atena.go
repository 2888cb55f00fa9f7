package casework

// CanSeeAtenaNo decides who reads a person's 宛名番号 (the municipal resident
// system's own key of the person, persons.atena_no; never the 個人番号). It is
// the key to the 住民基本台帳, held for the municipality's own 事務: only
// those who work with the register or lead the person's support need it.
// Over rule 4 (CanSeePerson), it is shown to
//   - staff of the municipality's own sections (`municipal_section`
//     organizations, orgKind being the actor's organization's kind),
//   - the registering organization (it typed or imported the number),
//   - the lead organization of a case about the person, as focus person or
//     as a member of the case's household,
//   - a team member of a case about the person as focus person whose scope
//     includes `basic` (rule 2),
//
// and to the privacy officer wherever a page shows them the person (開示・
// 訂正の請求に答えるため). Never in a search hit, never to a team member
// through the household category alone, never to a host.
func CanSeeAtenaNo(a Actor, f PersonFacts, orgKind, day string) bool {
	if a.Has("privacy_officer") {
		return true
	}
	if !CanSeePerson(a, f, day) {
		return false
	}
	org := a.OrganizationID
	if orgKind == "municipal_section" || org == f.RegisteredBy {
		return true
	}
	for _, c := range f.Focus {
		if c.Scope(org, day).Has(CatBasic) {
			return true
		}
	}
	for _, c := range f.Member {
		if c.LeadOrgID == org {
			return true
		}
	}
	return false
}

package casework

// Who decides 名寄せ (issue 23). A pair of records registered by two
// organizations is typically seen in full by neither (rule 4: each sees
// its own record), so staff alone could never decide it. The roles that
// decide:
//   - staff who take consultations (CanWriteCases) decide the pairs whose
//     two records they may both see, as before;
//   - the municipality's municipal_admin and privacy_officer decide any
//     pair of the municipality: the review list shows them the name, its
//     reading, the birth date and the prefecture and city (none under
//     DV等支援措置) of each record and the reasons of the score, never a
//     case, an address or a phone. 名寄せ is the municipality's own act as
//     the body carrying out 重層的支援体制整備事業 (社会福祉法第106条の4);
//     reading for it is audited (rule 8).
// A viewer decides nothing.

// CanReviewDuplicates reports whether the actor may open the review list
// and decide.
func CanReviewDuplicates(a Actor) bool { return CanWriteCases(a) || DecidesForMunicipality(a) }

// DecidesForMunicipality: the municipality's roles that decide on any pair.
func DecidesForMunicipality(a Actor) bool {
	return a.Has("municipal_admin") || a.Has("privacy_officer")
}

// CheckLinkWidens is rule 0 for a 「同一人物」 decision by the
// municipality's roles: linking makes each record's organizations known to
// those working with the other (LinkedView), so the decider's own
// organization must not be on one side only (it would learn, by its own
// request, who works with the other record). groupA and groupB are the
// facts of the records of each side's linked group.
func CheckLinkWidens(a Actor, groupA, groupB []PersonFacts, day string) error {
	if a.OrganizationID == "" || a.UserID == "system" {
		return nil
	}
	staff := Actor{UserID: a.UserID, MunicipalityID: a.MunicipalityID, OrganizationID: a.OrganizationID, Roles: []string{"worker"}}
	if SeesLinkedGroup(staff, groupA, day) != SeesLinkedGroup(staff, groupB, day) {
		return &Error{Code: EFORBIDDEN, Message: "この組の一方の記録には、あなたの機関が関わっています。同一人物と判定すると、あなたの機関が知り得る範囲が広がるため、この判定は他の機関の担当者（または両方の記録を閲覧できる職員）に依頼してください。"}
	}
	return nil
}

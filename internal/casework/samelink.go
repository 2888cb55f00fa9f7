package casework

// 名寄せ links (issue 22: a person another agency already knows).
//
// A live decision "same" on two person records (duplicate_decisions) says
// they are one person. It is used for two things only: the annual report
// counts the linked records once (実人数), and search shows the person once
// (preferring the record the searcher may see). It opens nothing: no rule of
// access reads a link, so neither organization reads the other's record,
// household, cases or consents because of it (rule 0), and a link never
// feeds a duplicate check that would compare a protected address (rule 6).
//
// Links come from three places (the origin column):
//   - SameOriginReview: the duplicate queue, by someone who sees both
//     records in full;
//   - SameOriginRegistration: an organization whose search or registration
//     check found a record it may not read (the rule 4 hit) registers the
//     consultation as its own — its OWN person record of what it heard,
//     never a copy of the other record — linked to the known one
//     (CheckSameAs);
//   - SameOriginLiaison: a 相談窓口 accepting a 庁内つなぎ票 links the record
//     it opened its case on to the section's record (liaison.go).
//
// Registering twice links nothing twice: an organization that already has a
// record in the known record's group of linked records gets that record back.

// Origins of a 名寄せ link.
const (
	SameOriginReview       = ""
	SameOriginRegistration = "registration"
	SameOriginLiaison      = "liaison"
)

// SameAsMinScore is the name match a registration link needs: the score of
// the registration check's 「この方ではありませんか」 list (a full name or
// reading equal to, or the start of, the known record's).
const SameAsMinScore = 75

// CheckSameAs decides whether a registers its own record as the same person
// as a known record registered by targetOrg. The known record must be
// another organization's named record whose name or reading matches what a
// typed (nameScore: the search score of the typed name against it): the
// hit the caller's own search found, so that the link tells the caller
// nothing its search did not.
func CheckSameAs(a Actor, targetOrg string, identified bool, nameScore int) error {
	const f = "same_as_person_id"
	if !CanWriteCases(a) {
		return Errorf(EFORBIDDEN, "本人を登録する権限がありません。")
	}
	msg := ""
	switch {
	case targetOrg == "" || !identified:
		msg = "名寄せする記録が見つかりません。検索で見つかった方を選んでください。"
	case targetOrg == a.OrganizationID:
		msg = "自機関が登録した記録です。新しく登録せず、その記録で相談を受け付けてください。"
	case nameScore < SameAsMinScore:
		msg = "入力した氏名・ふりがなが、名寄せする方と一致しません。検索で見つかった方と同じ氏名（またはふりがな）で登録してください。"
	}
	if msg != "" {
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{f: msg}}
	}
	return nil
}

package casework

import "time"

// The status of a case (受付 → アセスメント → … → 終結) is the lead
// organization's to change (issue 18 path 10): a member that joined by
// consent, a statutory member, or an organization that accepted a referral
// adds to the support record but never suspends or closes the lead's case.
// The municipality's own section (municipal_section) may change it too, as
// the body responsible for the program. Every change keeps who (user and
// organization), when and why, shown on the case page and in the API.

// StatusChange is one change of a case's status.
type StatusChange struct {
	From             string    `json:"from"`
	To               string    `json:"to"`
	Reason           string    `json:"reason"`
	At               time.Time `json:"at"`
	UserID           string    `json:"user_id"`
	UserName         string    `json:"user_name"`
	OrganizationName string    `json:"organization_name"`
}

// CanChangeCaseStatus: a user with a writing role of the case's lead
// organization, or of a municipal_section organization, changes the status
// of case c; orgKind is the kind of the user's organization. Anyone else
// who can see the case gets EFORBIDDEN (it reveals nothing: they see it).
func CanChangeCaseStatus(a Actor, orgKind string, c Case) error {
	if CanWriteCases(a) && a.OrganizationID != "" && (a.OrganizationID == c.LeadOrgID || orgKind == "municipal_section") {
		return nil
	}
	return Errorf(EFORBIDDEN, "ケースの状態は主担当機関（または市の担当課）の職員だけが変更できます。変更が必要なときは主担当機関に連絡してください。")
}

package casework

// The rules of access and consent (DOMAIN.md). They are pure functions over
// facts the storage layer loads inside its transaction, right before the read
// or write; no handler, API call or batch job can go around them.

// Team basis kinds.
const (
	BasisLead      = "lead"      // the intake organization: on the team by itself
	BasisConsent   = "consent"   // an effective consent lists the organization
	BasisStatutory = "statutory" // a recorded legal basis (e.g. 児童福祉法25条の2)
)

// Statutes are the recorded legal bases that let an organization join a team
// without consent.
var Statutes = CodeList{
	{"art25_2", "児童福祉法第25条の2（要保護児童対策地域協議会）"},
	{"art106_6", "社会福祉法第106条の6（支援会議）"},
	{"elder_abuse", "高齢者虐待防止法"},
	{"disability_abuse", "障害者虐待防止法"},
	{"other_law", "その他の法令"},
}

// TeamMember is an organization on a case team.
type TeamMember struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id"`
	Role           string `json:"role"`
	Basis          string `json:"basis"`                // lead, consent, statutory
	Statute        string `json:"statute,omitempty"`    // with statutory
	ConsentID      string `json:"consent_id,omitempty"` // with consent: the consent in force when added
	From           string `json:"from"`                 // YYYY-MM-DD
	To             string `json:"to,omitempty"`         // ended on; empty while on the team
	Version        int    `json:"version"`
}

// Consent is a consent of a person (同意). It is versioned and never edited
// in place: a change is a new consent; a withdrawal sets WithdrawnOn.
type Consent struct {
	ID             string   `json:"id"`
	PersonID       string   `json:"person_id"`
	GivenBy        string   `json:"given_by"`
	GivenOn        string   `json:"given_on"`
	Method         string   `json:"method"`
	Recipients     []string `json:"recipients"`
	DataCategories []string `json:"data_categories"`
	Purposes       []string `json:"purposes"`
	MeetingTypes   []string `json:"meeting_types"`
	ValidUntil     string   `json:"valid_until,omitempty"`
	WithdrawnOn    string   `json:"withdrawn_on,omitempty"`
	WithdrawReason string   `json:"withdraw_reason,omitempty"`
	SupersedesID   string   `json:"supersedes_id,omitempty"`
	RecordedBy     string   `json:"recorded_by_organization_id"`
	Version        int      `json:"version"`
}

// EffectiveOn reports whether the consent is in force on day (YYYY-MM-DD):
// given, not past its end, not withdrawn.
func (c Consent) EffectiveOn(day string) bool {
	if c.GivenOn == "" || day < c.GivenOn {
		return false
	}
	if c.ValidUntil != "" && day > c.ValidUntil {
		return false
	}
	if c.WithdrawnOn != "" && day >= c.WithdrawnOn {
		return false
	}
	return true
}

// Covers reports whether the consent lists org as a recipient.
func (c Consent) Covers(org string) bool { return contains(c.Recipients, org) }

// CoveredBy returns an effective consent that lists org, if any.
func CoveredBy(consents []Consent, org, day string) (Consent, bool) {
	for _, c := range consents {
		if c.EffectiveOn(day) && c.Covers(org) {
			return c, true
		}
	}
	return Consent{}, false
}

// CaseFacts are what the rules need to know of a case.
type CaseFacts struct {
	LeadOrgID string
	Team      []TeamMember
	// Consents of the focus person (all versions).
	Consents []Consent
	// Emergency lists the users holding a live break-glass grant for the
	// focus person (生命・身体の保護; rule 7).
	Emergency []string
}

// ActiveOn reports whether member m gives access on day. The lead always
// does; a statutory member until its end; a consent member only while an
// effective consent lists it (rule 3: withdrawal or expiry removes access
// from the very next request).
func (f CaseFacts) ActiveOn(m TeamMember, day string) bool {
	if m.To != "" && day > m.To {
		return false
	}
	switch m.Basis {
	case BasisLead, BasisStatutory:
		return true
	case BasisConsent:
		_, ok := CoveredBy(f.Consents, m.OrganizationID, day)
		return ok
	}
	return false
}

// OnTeam reports whether org is on the case team on day (rule 1).
func (f CaseFacts) OnTeam(org, day string) bool {
	if org != "" && org == f.LeadOrgID {
		return true
	}
	for _, m := range f.Team {
		if m.OrganizationID == org && f.ActiveOn(m, day) {
			return true
		}
	}
	return false
}

// CanReadCase is rule 1 with rule 7: a user reads case content only when the
// user's organization is on the team, and only in a role that works with
// cases (a municipal administrator or privacy officer alone does not).
func CanReadCase(a Actor, f CaseFacts, day string) bool {
	if !CanHandleCases(a) {
		return false
	}
	return f.OnTeam(a.OrganizationID, day) // break-glass opens no case (breakglass.go)
}

// CanWriteCase: as CanReadCase, and not a viewer-only user.
// Break-glass access reads; it never writes.
func CanWriteCase(a Actor, f CaseFacts, day string) bool {
	return CanWriteCases(a) && f.OnTeam(a.OrganizationID, day)
}

// CheckJoin is rule 2: an organization other than the lead joins a team only
// under an effective consent listing it or a recorded statutory basis. It
// returns the member's basis, or ECONSENT naming the organization.
func CheckJoin(f CaseFacts, org, orgName, statute, day string) (basis, consentID string, err error) {
	if org == f.LeadOrgID {
		return BasisLead, "", nil
	}
	if statute != "" {
		if !Statutes.Has(statute) {
			return "", "", &Error{Code: EINVALID, Message: "法的根拠が一覧にありません。", Fields: map[string]string{"basis": "法的根拠を一覧から選んでください。"}}
		}
		return BasisStatutory, "", nil
	}
	if c, ok := CoveredBy(f.Consents, org, day); ok {
		return BasisConsent, c.ID, nil
	}
	msg := "「" + orgName + "」を支援チームに加えるには、本人の有効な同意（提供先にこの機関を含むもの）か、法令上の根拠の記録が必要です。"
	return "", "", &Error{Code: ECONSENT, Message: msg, Fields: map[string]string{org: msg}}
}

// CanSeePerson is rule 4: the person's details (beyond name and who to
// contact) are visible to the registering organization and to the team of
// any case about the person.
func CanSeePerson(a Actor, registeredBy string, cases []CaseFacts, day string) bool {
	if !CanHandleCases(a) {
		return false
	}
	if a.OrganizationID == registeredBy {
		return true
	}
	for _, f := range cases {
		if f.OnTeam(a.OrganizationID, day) { // break-glass opens no person record (breakglass.go)
			return true
		}
	}
	return false
}

// CanSeeAddress is rule 6 over rule 4: under DV等支援措置 only the lead
// organization (of a case about the person, or the registering organization
// while there is no case) sees the address, in any page, export or print.
func CanSeeAddress(a Actor, dvProtected bool, registeredBy string, cases []CaseFacts, day string) bool {
	if !CanSeePerson(a, registeredBy, cases, day) {
		return false
	}
	if !dvProtected {
		return true
	}
	if len(cases) == 0 {
		return a.OrganizationID == registeredBy
	}
	for _, f := range cases {
		if f.LeadOrgID == a.OrganizationID {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

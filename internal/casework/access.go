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
// without consent. 社会福祉法第106条の6 (支援会議) is not among them: it covers
// what is exchanged inside a 支援会議 only and is never a standing team
// membership (rule 2).
var Statutes = CodeList{
	{"art25_2", "児童福祉法第25条の2（要保護児童対策地域協議会）"},
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
	To             string `json:"to,omitempty"`         // last day on the team; a statutory member always has one
	// With statutory: who confirmed the basis, the law and article in text
	// (other_law), and the privacy officer who approved an other_law basis.
	ConfirmedBy string `json:"confirmed_by,omitempty"`
	LawText     string `json:"law_text,omitempty"`
	ApprovedBy  string `json:"approved_by,omitempty"`
	ApprovedAt  string `json:"approved_at,omitempty"`
	// EndReason: why the membership ended (TeamEndReasons; issue 22).
	EndReason string `json:"end_reason,omitempty"`
	// EnteredOn: the JST day the membership was entered (入力日; From may
	// be earlier: late entry).
	EnteredOn string `json:"entered_on,omitempty"`
	Version   int    `json:"version"`
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
	// EnteredOn: the JST day the consent was entered (入力日; GivenOn may
	// be earlier: late entry).
	EnteredOn string `json:"entered_on,omitempty"`
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

// CoversMeeting reports whether the consent lists the meeting type. An empty
// list covers no meeting: consent to a meeting is given for named kinds only.
func (c Consent) CoversMeeting(meetingType string) bool { return contains(c.MeetingTypes, meetingType) }

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
}

// ActiveOn reports whether member m gives access on day. The lead always
// does; a statutory member until its end date (and an other_law basis only
// once a privacy officer approved it); a consent member only while an
// effective consent lists it (rule 3: withdrawal or expiry removes access
// from the very next request).
func (f CaseFacts) ActiveOn(m TeamMember, day string) bool {
	if m.To != "" && day > m.To {
		return false
	}
	if m.EndReason != "" && m.To != "" && day >= m.To {
		// ended by an event (a hand-over, issue 22): from that day on
		return false
	}
	if day < m.From && m.Basis != BasisLead {
		return false
	}
	switch m.Basis {
	case BasisLead:
		// a lead membership gives access while its organization leads: after
		// a hand-over (issue 22) the previous lead keeps nothing by it
		return m.OrganizationID == f.LeadOrgID
	case BasisStatutory:
		if m.Statute == "other_law" && m.ApprovedBy == "" {
			return false
		}
		return m.To != "" && Statutes.Has(m.Statute)
	case BasisConsent:
		_, ok := CoveredBy(f.Consents, m.OrganizationID, day)
		return ok
	}
	return false
}

// OnTeam reports whether org is on the case team on day (rule 1).
func (f CaseFacts) OnTeam(org, day string) bool { return len(f.Scope(org, day)) > 0 }

// CanReadCase is rule 1 with rule 7: a user reads a case only when the user's
// organization is on the team, and only in a role that works with cases (a
// municipal administrator, privacy officer or host alone does not). What of
// the case it reads is its Scope.
func CanReadCase(a Actor, f CaseFacts, day string) bool {
	return CanHandleCases(a) && f.OnTeam(a.OrganizationID, day)
}

// CanReadCaseData: CanReadCase, and the organization's scope includes the
// data category (rule 2: a member under consent sees only what the consent
// gives).
func CanReadCaseData(a Actor, f CaseFacts, cat, day string) bool {
	return CanHandleCases(a) && f.Scope(a.OrganizationID, day).Has(cat)
}

// CanWriteCase: as CanReadCase, and not a viewer-only user.
func CanWriteCase(a Actor, f CaseFacts, day string) bool {
	return CanWriteCases(a) && f.OnTeam(a.OrganizationID, day)
}

// CanWriteCaseData: CanWriteCase with the data category in scope (a member
// under a consent of `basic` only writes no 支援経過記録).
func CanWriteCaseData(a Actor, f CaseFacts, cat, day string) bool {
	return CanWriteCases(a) && f.Scope(a.OrganizationID, day).Has(cat)
}

// IsLead reports whether the actor's organization leads the case.
func IsLead(a Actor, f CaseFacts) bool {
	return a.OrganizationID != "" && a.OrganizationID == f.LeadOrgID
}

// CheckJoin is rule 2: an organization other than the lead joins a team only
// under an effective consent listing it or a recorded statutory basis. It
// returns the member's basis, or ECONSENT naming the organization. The
// statutory basis' own conditions (end date, 要対協 roster, approval) are
// CheckStatutory's.
func CheckJoin(f CaseFacts, org, orgName, statute, day string) (basis, consentID string, err error) {
	if org == f.LeadOrgID {
		return BasisLead, "", nil
	}
	if statute != "" {
		if statute == "art106_6" {
			msg := "社会福祉法第106条の6（支援会議）は会議の中での情報交換の根拠で、支援チームへの参加の根拠にはなりません。本人の同意か、他の法令上の根拠を選んでください。"
			return "", "", &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"basis": msg}}
		}
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

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

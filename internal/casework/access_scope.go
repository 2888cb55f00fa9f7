package casework

// Data categories of a consent and what each opens (rule 2; the consent form
// of kasane prints the same list: 「次の情報…に限り」).
//
//	basic     氏名・生年月日・性別・連絡先、ケースの番号・状況・受付日・支援チーム
//	household 世帯の構成・世帯員・関係（ジェノグラム・エコマップ）
//	health    アセスメントの心身の状況、健康に関わる課題
//	finance   アセスメントの経済状況
//	records   支援経過記録、主訴・課題、プラン・評価、アセスメントのその他の欄、
//	          会議で話し合ったケースの記録、つなぎの理由
//
// The lead organization and a statutory member hold every category.
const (
	CatBasic     = "basic"
	CatHousehold = "household"
	CatHealth    = "health"
	CatFinance   = "finance"
	CatRecords   = "records"
)

// Scope is the set of data categories an organization reads of a case. An
// empty scope means the organization is not on the team.
type Scope []string

// ScopeAll is the lead's and a statutory member's scope.
var ScopeAll = Scope{CatBasic, CatHousehold, CatHealth, CatFinance, CatRecords}

// Has reports whether the scope includes the category.
func (s Scope) Has(cat string) bool { return contains(s, cat) }

// LeadFacts are the facts of a case as its lead organization's access
// needs them: the lead reads the whole case whatever the team and the
// consents (Scope), so a batch that knows a case's lead need not load them
// to decide for the lead (the drill-down of a city's annual report checks
// thousands of cases: issue 24). TestLeadFactsDecideAsTheFullFacts keeps
// this true.
func LeadFacts(lead string) CaseFacts { return CaseFacts{LeadOrgID: lead} }

// Scope returns what org reads of the case on day: every category for the
// lead and an active statutory member, the union of the categories of the
// focus person's effective consents that list it for a consent member, and
// nothing otherwise.
func (f CaseFacts) Scope(org, day string) Scope {
	if org == "" {
		return nil
	}
	if org == f.LeadOrgID {
		return ScopeAll
	}
	var out Scope
	for _, m := range f.Team {
		if m.OrganizationID != org || !f.ActiveOn(m, day) {
			continue
		}
		switch m.Basis {
		case BasisLead, BasisStatutory:
			return ScopeAll
		case BasisConsent:
			for _, c := range f.Consents {
				if c.EffectiveOn(day) && c.Covers(org) {
					for _, cat := range c.DataCategories {
						if !out.Has(cat) {
							out = append(out, cat)
						}
					}
				}
			}
		}
	}
	if out == nil && f.onTeamWithoutCategories(org, day) {
		// on the team under a consent that names no category: the case
		// header only (number, status, team), never its content
		return Scope{""}
	}
	return out
}

func (f CaseFacts) onTeamWithoutCategories(org, day string) bool {
	for _, m := range f.Team {
		if m.OrganizationID == org && f.ActiveOn(m, day) {
			return true
		}
	}
	return false
}

// ScopeLabels names the categories of a scope in Japanese, for the case page.
func ScopeLabels(s Scope) []string {
	var out []string
	for _, c := range s {
		if c != "" {
			out = append(out, DataCategories.Label(c))
		}
	}
	return out
}

// LimitTo blanks what the scope does not open: 主訴, 課題 and the screening
// are consultation content (`records`); without `household` the household
// link is not shown. The case header (number, status, dates, team) stays.
func (c *Case) LimitTo(s Scope) {
	c.DataScope = s
	if !s.Has(CatRecords) {
		c.Complaint, c.Problems, c.PrimaryProblem, c.Screening = "", []string{}, "", ""
	}
	if !s.Has(CatHousehold) {
		c.HouseholdID = ""
	}
	// the 受付票 items: contact handling `basic`, 来談者・紹介元 `records`, …
	// (intake.go)
	c.CaseIntake.limitIntake(s)
}

// ScopeError is the refusal of a team member whose basis does not give the
// category (it knows the case already, so it is told why).
func ScopeError(cat string) error {
	return Errorf(EFORBIDDEN, "この情報（%s）は、本人の同意の範囲に含まれていないため表示できません。", DataCategories.Label(cat))
}

// LimitTo blanks the assessment sections the scope does not open: 世帯の状況
// needs `household`, 心身の状況 `health`, 経済状況 `finance`, every other
// section `records`. It reports whether any section is open.
func (x *Assessment) LimitTo(s Scope) bool {
	if !s.Has(CatHousehold) {
		x.Household = ""
	}
	if !s.Has(CatHealth) {
		x.Health = ""
	}
	if !s.Has(CatFinance) {
		x.Finances = ""
	}
	if !s.Has(CatRecords) {
		x.History, x.Work, x.Housing, x.Relations, x.Children, x.Capacity = "", "", "", "", "", ""
		x.Issues, x.Strengths, x.Direction = "", "", ""
	}
	return s.Has(CatHousehold) || s.Has(CatHealth) || s.Has(CatFinance) || s.Has(CatRecords)
}

package casework

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestLeadFactsDecideAsTheFullFacts: for the lead organization, every read
// and write decision made from LeadFacts equals the decision made from the
// case's full facts, over random teams and consents (seeded; the seed is
// printed).
func TestLeadFactsDecideAsTheFullFacts(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	orgs := []string{"o1", "o2", "o3"}
	bases := []string{BasisLead, BasisConsent, BasisStatutory}
	cats := []string{CatBasic, CatHousehold, CatHealth, CatFinance, CatRecords}
	roles := [][]string{{"worker"}, {"viewer"}, {"municipal_admin"}, {"worker", "viewer"}}
	for i := range 2000 {
		f := CaseFacts{LeadOrgID: orgs[rng.IntN(len(orgs))]}
		for range rng.IntN(4) {
			f.Team = append(f.Team, TeamMember{OrganizationID: orgs[rng.IntN(len(orgs))], Basis: bases[rng.IntN(len(bases))],
				From: fmt.Sprintf("2025-0%d-01", 1+rng.IntN(9)), To: []string{"", "2025-06-30", "2024-01-01"}[rng.IntN(3)]})
		}
		for range rng.IntN(3) {
			f.Consents = append(f.Consents, Consent{Recipients: []string{orgs[rng.IntN(len(orgs))]}, DataCategories: []string{cats[rng.IntN(len(cats))]},
				GivenOn: "2025-01-01", WithdrawnOn: []string{"", "2025-05-01"}[rng.IntN(2)]})
		}
		a := Actor{OrganizationID: f.LeadOrgID, Roles: roles[rng.IntN(len(roles))]}
		day := fmt.Sprintf("2025-%02d-15", 1+rng.IntN(12))
		lf := LeadFacts(f.LeadOrgID)
		if CanReadCase(a, f, day) != CanReadCase(a, lf, day) || CanWriteCase(a, f, day) != CanWriteCase(a, lf, day) {
			t.Fatalf("case %d: the lead's read or write decision differs with LeadFacts (seed %d)", i, seed)
		}
		for _, cat := range cats {
			if CanReadCaseData(a, f, cat, day) != CanReadCaseData(a, lf, cat, day) || CanWriteCaseData(a, f, cat, day) != CanWriteCaseData(a, lf, cat, day) {
				t.Fatalf("case %d: the lead's decision on %s differs with LeadFacts (seed %d)", i, cat, seed)
			}
		}
	}
}

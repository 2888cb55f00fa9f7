package demo

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// demoCases lists every case of the demo as seen by the lead organizations'
// workers, keyed by case id, with the actor who may read it.
func demoCases(t *testing.T, ctx context.Context, db *sqldb.DB) (map[string]casework.Case, map[string]casework.Actor) {
	t.Helper()
	cases, actors := map[string]casework.Case{}, map[string]casework.Actor{}
	for _, s := range userSeeds {
		a := actorOf(t, ctx, db, s.email)
		if !casework.CanWriteCases(a) {
			continue
		}
		cs, err := db.Cases(ctx, a, sqldb.CaseFilter{Limit: 500})
		if err != nil {
			t.Fatalf("cases of %s: %v", s.email, err)
		}
		for _, c := range cs {
			if c.LeadOrgID == a.OrganizationID {
				cases[c.ID], actors[c.ID] = c, a
			}
		}
	}
	return cases, actors
}

func actorOf(t *testing.T, ctx context.Context, db *sqldb.DB, email string) casework.Actor {
	t.Helper()
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return sqldb.ActorFor(u)
}

func TestSeedHouseholds(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := Seed(ctx, db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	cases, actors := demoCases(t, ctx, db)
	if len(cases) < 12 {
		t.Fatalf("want at least 12 cases, got %d", len(cases))
	}
	homes, problems, statuses := map[string]bool{}, map[string]bool{}, map[string]bool{}
	noHome := 0
	defer func() {
		if noHome > 4 { // and a person living alone sent on by a 庁内つなぎ票 (liaison.go), and the outreach intake of issue22.go
			t.Errorf("%d cases without a household", noHome)
		}
	}()
	for id, c := range cases {
		a := actors[id]
		statuses[c.Status] = true
		for _, p := range c.Problems {
			problems[p] = true
		}
		contacts, err := db.Contacts(ctx, a, id)
		if err != nil || len(contacts) < 3 {
			t.Errorf("case %s (%s): want at least 3 contacts, got %d (%v)", c.Number, c.FocusName, len(contacts), err)
		}
		if c.HouseholdID == "" {
			// rule 0: a case another organization opened on its own record
			// of a household member is not linked to that household
			noHome++
			continue
		}
		if homes[c.HouseholdID] {
			continue
		}
		homes[c.HouseholdID] = true
		h, err := db.Household(ctx, a, c.HouseholdID)
		if err != nil {
			t.Fatalf("household of %s: %v", c.Number, err)
		}
		if n := len(h.Members); n < 2 || n > 5 {
			t.Errorf("household %s: %d members", h.Label, n)
		}
	}
	if len(homes) < 12 {
		t.Errorf("want at least 12 households, got %d", len(homes))
	}
	for _, p := range []string{"8050", "ダブルケア", "ヤングケアラー", "経済的困窮", "障害(知的)", "ひきこもり", "外国籍・言語", "DV", "ごみ屋敷・セルフネグレクト"} {
		if !problems[p] {
			t.Errorf("no demo case with problem %s", p)
		}
	}
	for _, s := range []string{"intake", "assessment", "planning", "decided", "active", "monitoring", "closed", "suspended"} {
		if !statuses[s] {
			t.Errorf("no demo case in status %s", s)
		}
	}
	checkWatches(t, ctx, db)
	checkDV(t, ctx, db, cases)
	res, err := db.VerifyAudit(ctx)
	if err != nil || res.BrokenSeq != 0 || res.Events == 0 {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	// A second start finds the municipality and adds nothing.
	if _, err := Seed(ctx, db); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	if again, _ := demoCases(t, ctx, db); len(again) != len(cases) {
		t.Errorf("second seed changed the cases: %d → %d", len(cases), len(again))
	}
}

// checkWatches: the 地域包括 worker sees the overdue referral to
// くらしサポート (as does its receiver) and the one case nobody touched for
// 40 days; no other organization has a stale case.
func checkWatches(t *testing.T, ctx context.Context, db *sqldb.DB) {
	t.Helper()
	kinds := map[string]map[string]int{}
	for _, email := range []string{"worker@demo.kasane.example", "kurashi@demo.kasane.example", "kodomo@demo.kasane.example",
		"shogai@demo.kasane.example", "outreach@demo.kasane.example", "coordinator@demo.kasane.example"} {
		alerts, err := db.Alerts(ctx, actorOf(t, ctx, db, email))
		if err != nil {
			t.Fatalf("alerts of %s: %v", email, err)
		}
		kinds[email] = map[string]int{}
		for _, al := range alerts {
			kinds[email][al.Kind]++
			if al.Kind == "stale_case" && al.Days < 40 {
				t.Errorf("%s: stale case after %d days: %s", email, al.Days, al.Message)
			}
		}
	}
	if kinds["worker@demo.kasane.example"]["overdue_referral"] != 1 || kinds["kurashi@demo.kasane.example"]["overdue_referral"] != 1 {
		t.Errorf("the overdue referral must show for sender and receiver: %v", kinds)
	}
	stale := 0
	for _, k := range kinds {
		stale += k["stale_case"]
	}
	if kinds["worker@demo.kasane.example"]["stale_case"] != 1 || stale != 1 {
		t.Errorf("want exactly one stale case, of 地域包括: %v", kinds)
	}
}

// checkDV: the DV case's focus person has a hidden address for a team
// member that is not the lead, and a visible one for the lead.
func checkDV(t *testing.T, ctx context.Context, db *sqldb.DB, cases map[string]casework.Case) {
	t.Helper()
	for _, c := range cases {
		if !strings.Contains(strings.Join(c.Problems, ","), "DV") {
			continue
		}
		lead, err := db.Person(ctx, actorOf(t, ctx, db, "kodomo@demo.kasane.example"), c.FocusPersonID)
		if err != nil || !lead.DVProtected || lead.AddressHidden || lead.Address.Street == "" {
			t.Errorf("lead sees the DV person wrongly: %+v %v", lead, err)
		}
		team, err := db.Person(ctx, actorOf(t, ctx, db, "kurashi@demo.kasane.example"), c.FocusPersonID)
		if err != nil || !team.AddressHidden || team.Address.Street != "" {
			t.Errorf("team member must not see the DV address: %+v %v", team, err)
		}
		return
	}
	t.Error("no DV case")
}

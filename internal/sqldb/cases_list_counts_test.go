package sqldb_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestCaseListCountsMatchTheList: the counts per status of the case list
// (the cases an organization leads counted by triggers, migration 0043,
// the others found by the copy of their lead on the team rows, 0042) are
// the statuses of the cases
// the list itself shows, page by page with every rule applied to each case,
// and the same as the counts under a filter that keeps every case (which
// decides each case in Go). Random cases, teams, consents, withdrawals,
// transitions, changes of lead, team rows added twice and removed, written
// by the application and by plain SQL (the triggers keep the counts and
// copies whatever writes), writes rolled back in the middle, with writers
// and readers running at the same time; after every round the kept counts
// equal a plain GROUP BY.
func TestCaseListCountsMatchTheList(t *testing.T) {
	db := sqldbtest.Open(t)
	ctx := context.Background()
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(uint64(seed), 24))
	sys := sqldbtest.Muni(t, db)
	var orgs []casework.Organization
	var actors []casework.Actor
	for i, name := range []string{"甲", "乙", "丙"} {
		o := sqldbtest.Org(t, db, sys, name+"センター", "community_support_center")
		_, a := sqldbtest.User(t, db, sys, o, fmt.Sprintf("count%d@example.invalid", i), "worker")
		orgs, actors = append(orgs, o), append(actors, a)
	}
	today := casework.Today(db.Now())
	persons := make([][]casework.Person, 2) // of 甲 and of 乙, who take cases in
	var consents []casework.Consent
	var consentBy []int
	for i := range 8 {
		by := i % 2
		p := casework.Person{Identified: true, FamilyName: fmt.Sprintf("架空%d", i), GivenName: "一子", FamilyKana: "カクウ", GivenKana: "イチコ",
			BirthDate: "1980-04-01", BirthPrecision: "day", Sex: "female"}
		if err := db.CreatePerson(ctx, actors[by], &p); err != nil {
			t.Fatal(err)
		}
		persons[by] = append(persons[by], p)
		if i%4 < 2 { // half of the persons agreed to share with the other two
			var to []string
			for j, o := range orgs {
				if j != by {
					to = append(to, o.ID)
				}
			}
			c := casework.Consent{PersonID: p.ID, GivenBy: "本人", GivenOn: today, Method: "署名", Recipients: to,
				DataCategories: []string{"basic", "records"}, Purposes: []string{"支援の検討"}}
			if err := db.RecordConsent(ctx, actors[by], &c); err != nil {
				t.Fatal(err)
			}
			consents, consentBy = append(consents, c), append(consentBy, by)
		}
	}
	var mu sync.Mutex
	type kase struct {
		id   string
		lead int
	}
	var cases []kase
	statuses := casework.CaseStatuses
	// raw reports an error of a plain SQL write, except the abort of one
	// of two transactions that waited for each other (PostgreSQL: a team
	// row deleted, its trigger then locking the case, while another
	// transaction changes the case and its copies on the team rows): it
	// is rolled back whole, and the counts are checked after every round
	raw := func(err error) {
		if err != nil && casework.ErrorCode(err) != casework.ECONFLICT {
			t.Error(err)
		}
	}
	// write makes one random change; errors of changes the rules refuse
	// are expected and ignored
	write := func(rnd *rand.Rand) {
		mu.Lock()
		n := len(cases)
		var k kase
		if n > 0 {
			k = cases[rnd.IntN(n)]
		}
		mu.Unlock()
		switch op := rnd.IntN(10); {
		case op < 3 || n == 0:
			lead := rnd.IntN(2) // 甲 or 乙 take cases in
			c := casework.Case{FocusPersonID: persons[lead][rnd.IntN(len(persons[lead]))].ID, ReceivedOn: today, Route: casework.IntakeRoutes[0].Value,
				Method: casework.IntakeMethods[0].Value, Bunya: []string{casework.Bunya[0].Value}, Complaint: "件数の試験"}
			if err := db.CreateCase(ctx, actors[lead], &c); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			cases = append(cases, kase{c.ID, lead})
			mu.Unlock()
		case op < 5:
			other := rnd.IntN(3)
			_ = db.AddTeamMember(ctx, actors[k.lead], k.id, &casework.TeamMember{OrganizationID: orgs[other].ID, Role: "支援"})
		case op < 6:
			_, _ = db.TransitionCase(ctx, actors[k.lead], k.id, statuses[rnd.IntN(len(statuses))].Value, "試験")
		case op < 8:
			_, err := sqldb.ExecForTest(ctx, db, "UPDATE cases SET status = ? WHERE id = ?", statuses[rnd.IntN(len(statuses))].Value, k.id)
			raw(err)
		case op < 9 && rnd.IntN(3) == 0: // the 受付日 corrected (copied into the team rows for the list's order, 0014/0045), by plain SQL
			_, err := sqldb.ExecForTest(ctx, db, "UPDATE cases SET received_on = ? WHERE id = ?", fmt.Sprintf("2025-%02d-%02d", 1+rnd.IntN(12), 1+rnd.IntN(28)), k.id)
			raw(err)
		case op < 9: // the lead moves (as a transfer does), by plain SQL
			_, err := sqldb.ExecForTest(ctx, db, "UPDATE cases SET lead_org_id = ? WHERE id = ?", orgs[rnd.IntN(3)].ID, k.id)
			raw(err)
		case op < 10 && rnd.IntN(2) == 0: // team rows added and removed by plain SQL, a change rolled back
			switch rnd.IntN(3) {
			case 0: // a second row of the lead (or of another organization)
				org := orgs[rnd.IntN(3)].ID
				if rnd.IntN(2) == 0 {
					org = orgs[k.lead].ID
				}
				_, err := sqldb.ExecForTest(ctx, db, `INSERT INTO case_team (id, municipality_id, case_id, organization_id, role, basis, from_on, created_at)
					VALUES (?, ?, ?, ?, '重複', 'lead', ?, ?)`, fmt.Sprintf("dup-%d", rnd.Uint64()), sys.MunicipalityID, k.id, org, today, "2026-01-01T00:00:00.000000Z")
				raw(err)
			case 1:
				_, err := sqldb.ExecForTest(ctx, db, "DELETE FROM case_team WHERE id IN (SELECT id FROM case_team WHERE case_id = ? ORDER BY id LIMIT 1)", k.id)
				raw(err)
			default:
				raw(sqldb.CrashAfterWrites(ctx, db, []any{"UPDATE cases SET status = ?, lead_org_id = ? WHERE id = ?", "closed", orgs[2].ID, k.id},
					[]any{"DELETE FROM case_team WHERE case_id = ?", k.id}))
			}
		default:
			if rnd.IntN(4) == 0 {
				i := rnd.IntN(len(consents))
				_, _ = db.WithdrawConsent(ctx, actors[consentBy[i]], consents[i].ID, today, "撤回")
			}
		}
	}
	// listed counts the statuses of every case the list shows the actor
	// (once: where an organization has two team rows of one case, paging
	// by offset may show the case on two pages)
	listed := func(a casework.Actor) map[string]int {
		t.Helper()
		out := map[string]int{}
		seen := map[string]bool{}
		next := 0
		for next >= 0 {
			l, err := db.CaseListPage(ctx, a, sqldb.CaseFilter{Limit: 7, Offset: next})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range l.Cases {
				if !seen[c.ID] {
					seen[c.ID] = true
					out[c.Status]++
				}
			}
			next = l.Next
		}
		return out
	}
	counts := func(a casework.Actor, f sqldb.CaseFilter) map[string]int {
		t.Helper()
		f.WithCounts, f.Limit = true, 1
		l, err := db.CaseListPage(ctx, a, f)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for s, n := range l.Counts {
			if n != 0 {
				out[s] = n
			}
		}
		return out
	}
	for round := range 6 {
		var wg sync.WaitGroup
		for w := range 2 {
			wr := rand.New(rand.NewPCG(rnd.Uint64(), uint64(w)))
			wg.Go(func() {
				for range 15 {
					write(wr)
				}
			})
		}
		wg.Go(func() { // readers at the same time: no error, no deadlock
			for i := range 10 {
				if _, err := db.CaseListPage(ctx, actors[i%3], sqldb.CaseFilter{Limit: 5, WithCounts: true}); err != nil {
					t.Error(err)
				}
			}
		})
		wg.Wait()
		if d, err := sqldb.CaseLeadCountsDriftForTest(ctx, db); err != nil || d != "" {
			t.Fatalf("round %d: the kept counts differ from the cases: %s %v", round, d, err)
		}
		for i, a := range actors {
			want := listed(a)
			if round == 5 {
				t.Logf("%s: %v", orgs[i].Name, want)
			}
			for range 2 { // the second on a cached prepared statement
				if got := counts(a, sqldb.CaseFilter{}); !maps.Equal(got, want) {
					t.Fatalf("round %d, %s: counts %v, the list shows %v", round, orgs[i].Name, got, want)
				}
			}
			if got := counts(a, sqldb.CaseFilter{ReceivedFrom: "1900-01-01"}); !maps.Equal(got, want) {
				t.Fatalf("round %d, %s: counts under a filter that keeps every case %v, the list shows %v", round, orgs[i].Name, got, want)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(cases) < 10 {
		t.Fatalf("only %d cases", len(cases))
	}
}

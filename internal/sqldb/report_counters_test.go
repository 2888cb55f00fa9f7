package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestReportCountersStayInStep drives a seeded random sequence of contact
// writes — new records through the page's path, corrections that move a
// record to another month, 事業 or 分野, deletions, bulk inserts, writes of
// several concurrent writers and transactions that die before their commit
// — and checks after each round that the counters equal the plain GROUP BY
// over the records and that the annual report's contact totals equal a
// reference model kept in Go. KASANE_TEST_SEED=N replays a run.
func TestReportCountersStayInStep(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("KASANE_TEST_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (KASANE_TEST_SEED=%d replays it)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	ctx := context.Background()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "地域包括支援センター", "community_support_center")
	other := sqldbtest.Org(t, db, sys, "自立相談支援機関", "self_reliance_support")
	u, worker := sqldbtest.User(t, db, sys, org, "counter@example.jp", "worker")
	const fy, cases, seeded = 2025, 12, 150
	if err := db.SeedSynthetic(ctx, sys.MunicipalityID, org.ID, other.ID, u.ID, fy, cases, seeded); err != nil {
		t.Fatal(err)
	}
	r := report.Fiscal(fy)
	start, _ := time.ParseInLocation("2006-01-02", r.From, casework.JST)
	jigyo, bunya := casework.Jigyo.Values(), casework.Bunya.Values()
	// model: contact id → its counted facts; the year's records only.
	type fact struct {
		month        int
		jigyo, bunya string
		minutes      int
	}
	model := map[string]fact{}
	for i := range seeded {
		at := start.Add(time.Duration(i) * (365 * 24 * time.Hour / seeded))
		model[fmt.Sprintf("bench-contact-%09d", i)] = fact{r.InstantMonth(at.UTC().Format(casework.TimeFormat)), jigyo[i%len(jigyo)], bunya[(i/7)%len(bunya)], 5 + i%55}
	}
	var mu sync.Mutex
	randomAt := func() time.Time {
		// the last and first hours of months too: the JST month boundary
		m := rng.IntN(12)
		first := start.AddDate(0, m, 0)
		switch rng.IntN(3) {
		case 0:
			return first
		case 1:
			return first.AddDate(0, 1, 0).Add(-time.Minute)
		}
		return first.Add(time.Duration(rng.IntN(27*24)) * time.Hour)
	}
	add := func(c *casework.Contact) {
		if err := db.AddContact(ctx, worker, c); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		model[c.ID] = fact{r.InstantMonth(c.At.UTC().Format(casework.TimeFormat)), c.Jigyo, c.Bunya, c.Minutes}
		mu.Unlock()
	}
	newContact := func(rng *rand.Rand) *casework.Contact {
		return &casework.Contact{CaseID: fmt.Sprintf("bench-case-%08d", rng.IntN(cases)), Method: "電話", Content: "（試験）様子を確認",
			Minutes: rng.IntN(90), Jigyo: jigyo[rng.IntN(len(jigyo))], Bunya: bunya[rng.IntN(len(bunya))], At: randomAt()}
	}
	ids := func() []string {
		out := make([]string, 0, len(model))
		for id := range model {
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}
	check := func(round int) {
		t.Helper()
		checks, err := db.VerifyReportCounters(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			for _, d := range c.Drifts {
				t.Errorf("round %d (seed %d): counter drift %s", round, seed, d)
			}
		}
		a, err := db.AnnualReport(ctx, sys, fy)
		if err != nil {
			t.Fatal(err)
		}
		var n, min int64
		var months [12]int64
		for _, f := range model {
			if f.month >= 0 {
				n++
				min += int64(f.minutes)
				months[f.month]++
			}
		}
		cs, _ := a.Section(report.SecContacts)
		ms, _ := a.Section(report.SecContactMinutes)
		if cs.Rows[0].Total != n || ms.Rows[0].Total != min {
			t.Fatalf("round %d (seed %d): report counts %d contacts / %d minutes, the records hold %d / %d", round, seed, cs.Rows[0].Total, ms.Rows[0].Total, n, min)
		}
		for m := range 12 {
			if cs.Rows[0].Months[m] != months[m] {
				t.Fatalf("round %d (seed %d): month %s counts %d, the records hold %d", round, seed, r.Months[m], cs.Rows[0].Months[m], months[m])
			}
		}
	}
	check(0)
	for round := 1; round <= 6; round++ {
		for range 25 {
			switch op := rng.IntN(10); {
			case op < 4:
				add(newContact(rng))
			case op < 6: // a correction through the page's path (author's organization)
				list := ids()
				id := list[rng.IntN(len(list))]
				if !isPageContact(id) {
					continue
				}
				cs, err := db.Contacts(ctx, worker, caseOf(t, db, id))
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cs {
					if c.ID != id {
						continue
					}
					c.At, c.Jigyo, c.Bunya, c.Minutes = randomAt(), jigyo[rng.IntN(len(jigyo))], bunya[rng.IntN(len(bunya))], rng.IntN(90)
					c.Content += "（訂正）"
					if err := db.UpdateContact(ctx, worker, &c); err != nil {
						t.Fatal(err)
					}
					model[id] = fact{r.InstantMonth(c.At.UTC().Format(casework.TimeFormat)), c.Jigyo, c.Bunya, c.Minutes}
				}
			case op < 7: // a deletion (disposal deletes records)
				list := ids()
				id := list[rng.IntN(len(list))]
				if _, err := sqldb.ExecForTest(ctx, db, "DELETE FROM contact_history WHERE contact_id = ?", id); err != nil {
					t.Fatal(err)
				}
				if _, err := sqldb.ExecForTest(ctx, db, "DELETE FROM contacts WHERE id = ?", id); err != nil {
					t.Fatal(err)
				}
				delete(model, id)
			case op < 8: // a statement moving many records at once (a bulk correction)
				j := jigyo[rng.IntN(len(jigyo))]
				n, err := sqldb.ExecForTest(ctx, db, "UPDATE contacts SET bunya = 'other' WHERE jigyo = ? AND bunya = 'kaigo'", j)
				if err != nil {
					t.Fatal(err)
				}
				moved := int64(0)
				for id, f := range model {
					if f.jigyo == j && f.bunya == "kaigo" {
						f.bunya = "other"
						model[id] = f
						moved++
					}
				}
				if moved != n {
					t.Fatalf("seed %d: bulk update moved %d rows, the model %d", seed, n, moved)
				}
			case op < 9: // a transaction that dies after writing a record and a correction
				list := ids()
				id := list[rng.IntN(len(list))]
				now := time.Now().UTC().Format(casework.TimeFormat)
				if err := sqldb.CrashAfterWrites(ctx, db,
					[]any{"INSERT INTO contacts (id, municipality_id, case_id, at, method, content, minutes, jigyo, bunya, author_id, author_org_id, created_at, updated_at) VALUES (?, ?, ?, ?, '電話', '（試験）', 30, 'sodan', 'kaigo', ?, ?, ?, ?)",
						fmt.Sprintf("crash-%d-%d", round, rng.IntN(1e9)), sys.MunicipalityID, "bench-case-00000001", now, u.ID, org.ID, now, now},
					[]any{"UPDATE contacts SET minutes = minutes + 7 WHERE id = ?", id}); err != nil {
					t.Fatal(err)
				}
			default: // concurrent writers
				var wg sync.WaitGroup
				cs := make([]*casework.Contact, 4)
				for i := range cs {
					cs[i] = newContact(rng)
				}
				for _, c := range cs {
					wg.Go(func() { add(c) })
				}
				wg.Wait()
			}
		}
		check(round)
	}
	// rebuild gives the same counters, and verify still finds nothing.
	if _, err := db.RebuildReportCounters(ctx); err != nil {
		t.Fatal(err)
	}
	check(99)
	// a counter edited behind the triggers' back is found by verify
	if _, err := sqldb.ExecForTest(ctx, db, "UPDATE report_contact_counts SET n = n + 1 WHERE n > 0 AND month = (SELECT MIN(month) FROM report_contact_counts WHERE n > 0)"); err != nil {
		t.Fatal(err)
	}
	checks, err := db.VerifyReportCounters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) == 0 || len(checks[0].Drifts) == 0 {
		t.Fatal("verify did not find a counter changed behind the records' back")
	}
	if _, err := db.RebuildReportCounters(ctx); err != nil {
		t.Fatal(err)
	}
	check(100)
}

func isPageContact(id string) bool { return !strings.HasPrefix(id, "bench-") }

func caseOf(t *testing.T, db *sqldb.DB, contactID string) string {
	t.Helper()
	id, err := sqldb.ContactCaseForTest(context.Background(), db, contactID)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

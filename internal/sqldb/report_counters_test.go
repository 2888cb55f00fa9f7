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
	_, otherWorker := sqldbtest.User(t, db, sys, other, "counter-other@example.jp", "worker")
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
		caseID       string
	}
	model := map[string]fact{}
	for i := range seeded {
		at := start.Add(time.Duration(i) * (365 * 24 * time.Hour / seeded))
		model[fmt.Sprintf("bench-contact-%09d", i)] = fact{r.InstantMonth(at.UTC().Format(casework.TimeFormat)), jigyo[i%len(jigyo)], bunya[(i/7)%len(bunya)], 5 + i%55, fmt.Sprintf("bench-case-%08d", i%cases)}
	}
	// who: a case's 本人 and household, as the test sets them
	type who struct{ person, household string }
	cased := map[string]who{}
	for i := range cases {
		cased[fmt.Sprintf("bench-case-%08d", i)] = who{fmt.Sprintf("bench-person-%08d", i), ""}
	}
	// the lead of each case, as the test sets it (SeedSynthetic: org);
	// contacts are written by a worker of the lead
	leadOf := map[string]string{}
	actorFor := func(caseID string) casework.Actor {
		mu := leadOf[caseID]
		if mu == other.ID {
			return otherWorker
		}
		return worker
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
		if err := db.AddContact(ctx, actorFor(c.CaseID), c); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		model[c.ID] = fact{r.InstantMonth(c.At.UTC().Format(casework.TimeFormat)), c.Jigyo, c.Bunya, c.Minutes, c.CaseID}
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
		// the drill-down of a month (contactCandidates): what each
		// organization sees equals a plain list of the month's contacts
		// decided one case at a time with every fact (the slow path)
		for i := range 6 {
			who := []casework.Actor{worker, otherWorker}[i%2]
			m := rng.IntN(12)
			filter, j, b := map[string]string{}, "", ""
			if rng.IntN(2) == 0 {
				j = jigyo[rng.IntN(len(jigyo))]
				filter["jigyo"] = j
			}
			if rng.IntN(3) == 0 {
				b = bunya[rng.IntN(len(bunya))]
				filter["bunya"] = b
			}
			all, of, err := sqldb.ContactsOfMonthForTest(ctx, db, sys.MunicipalityID, r.MonthStarts[m], r.MonthStarts[m+1], j, b)
			if err != nil {
				t.Fatal(err)
			}
			readable := map[string]bool{}
			var want []string
			for i, id := range all {
				ok, seen := readable[of[i]]
				if !seen {
					if ok, err = sqldb.RecordsReadableForTest(ctx, db, who, of[i]); err != nil {
						t.Fatal(err)
					}
					readable[of[i]] = ok
				}
				if ok {
					want = append(want, id)
				}
			}
			const limit = 3
			got, err := db.AnnualRecords(ctx, who, sqldb.RecordQuery{FiscalYear: fy, Section: report.SecContacts, Month: r.Months[m], Filter: filter, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for _, it := range got.Items {
				gotIDs = append(gotIDs, it.ID)
			}
			if got.Total != len(all) || got.Total-got.Hidden != len(want) || !slices.Equal(gotIDs, firstOf(want, limit)) || got.More != (len(want) > limit) {
				t.Fatalf("round %d (seed %d): drill-down of %s %v as %s: total %d, readable %d, first %v, more %v; the records give %d, %d, %v, %v",
					round, seed, r.Months[m], filter, who.OrganizationID, got.Total, got.Total-got.Hidden, gotIDs, got.More, len(all), len(want), firstOf(want, limit), len(want) > limit)
			}
		}
		// 実人数 and 世帯数 (report_case_presence): per row of the section,
		// the distinct persons of each month and of the year
		for _, row := range cs.Rows {
			persons, households := map[string]bool{}, map[string]bool{}
			perMonth := make([]map[string]bool, 12)
			for _, f := range model {
				if f.month < 0 || (row.Filter["jigyo"] != "" && row.Filter["jigyo"] != f.jigyo) || (row.Filter["bunya"] != "" && row.Filter["bunya"] != f.bunya) {
					continue
				}
				w := cased[f.caseID]
				persons[w.person] = true
				if w.household != "" {
					households[w.household] = true
				}
				if perMonth[f.month] == nil {
					perMonth[f.month] = map[string]bool{}
				}
				perMonth[f.month][w.person] = true
			}
			alone := 0
			for p := range persons {
				named := false
				for _, f := range model {
					if f.month >= 0 && cased[f.caseID].person == p && cased[f.caseID].household != "" &&
						(row.Filter["jigyo"] == "" || row.Filter["jigyo"] == f.jigyo) && (row.Filter["bunya"] == "" || row.Filter["bunya"] == f.bunya) {
						named = true
						break
					}
				}
				if !named {
					alone++
				}
			}
			if row.Persons == nil || *row.Persons != int64(len(persons)) || *row.Households != int64(len(households)+alone) {
				t.Fatalf("round %d (seed %d): row %s counts %s persons / %s households, the records give %d / %d", round, seed, row.Label, show(row.Persons), show(row.Households), len(persons), len(households)+alone)
			}
			for m := range 12 {
				if row.PersonsMonths[m] != int64(len(perMonth[m])) {
					t.Fatalf("round %d (seed %d): row %s month %s counts %d persons, the records give %d", round, seed, row.Label, r.Months[m], row.PersonsMonths[m], len(perMonth[m]))
				}
			}
		}
	}
	anyCase := func(rng *rand.Rand) string { return fmt.Sprintf("bench-case-%08d", rng.IntN(cases)) }
	check(0)
	for round := 1; round <= 6; round++ {
		for range 25 {
			switch op := rng.IntN(17); {
			case op == 15: // a change of a case's lead while records of it are written (the lead copied onto the contacts)
				c := anyCase(rng)
				to := []string{org.ID, other.ID}[rng.IntN(2)]
				now := time.Now().UTC().Format(casework.TimeFormat)
				fresh := make([]*casework.Contact, 2)
				for i := range fresh {
					fresh[i] = newContact(rng)
					fresh[i].ID = fmt.Sprintf("lead-%d-%d", round, rng.IntN(1e9))
					fresh[i].CaseID = c
				}
				var wg sync.WaitGroup
				for _, x := range fresh {
					wg.Go(func() {
						if _, err := sqldb.ExecForTest(ctx, db, "INSERT INTO contacts (id, municipality_id, case_id, at, method, content, minutes, jigyo, bunya, author_id, author_org_id, created_at, updated_at) VALUES (?, ?, ?, ?, '電話', '（試験）', ?, ?, ?, ?, ?, ?, ?)",
							x.ID, sys.MunicipalityID, c, x.At.UTC().Format(casework.TimeFormat), x.Minutes, x.Jigyo, x.Bunya, u.ID, org.ID, now, now); err != nil {
							t.Error(err)
						}
					})
				}
				wg.Go(func() {
					if _, err := sqldb.ExecForTest(ctx, db, "UPDATE cases SET lead_org_id = ? WHERE id = ?", to, c); err != nil {
						t.Error(err)
					}
				})
				wg.Wait()
				leadOf[c] = to
				for _, x := range fresh {
					model[x.ID] = fact{r.InstantMonth(x.At.UTC().Format(casework.TimeFormat)), x.Jigyo, x.Bunya, x.Minutes, c}
				}
			case op == 16: // an organization put on the team of a case (by law, by a consent that is not there, or ended)
				c := anyCase(rng)
				who := org.ID
				if leadOf[c] != other.ID {
					who = other.ID
				}
				basis, statute, until := casework.BasisStatutory, "art25_2", "2099-03-31" // 児童福祉法第25条の2 (要対協), with its end date
				switch rng.IntN(3) {
				case 1:
					basis, statute = casework.BasisConsent, ""
				case 2:
					until = "2020-03-31"
				}
				now := time.Now().UTC().Format(casework.TimeFormat)
				if _, err := sqldb.ExecForTest(ctx, db, "INSERT INTO case_team (id, municipality_id, case_id, organization_id, role, basis, statute, consent_id, from_on, to_on, created_at) VALUES (?, ?, ?, ?, '支援', ?, ?, ?, '2020-01-01', ?, ?)",
					fmt.Sprintf("team-%d-%d", round, rng.IntN(1e9)), sys.MunicipalityID, c, who, basis, statute, "no-such-consent", until, now); err != nil {
					t.Fatal(err)
				}
			case op == 14: // a new case of a person while the person's sex and birth date are corrected (the copies on the case)
				p := fmt.Sprintf("bench-person-%08d", rng.IntN(cases))
				sex, birth := []string{"male", "female", "unknown"}[rng.IntN(3)], fmt.Sprintf("19%02d-0%d-1%d", 30+rng.IntN(60), 1+rng.IntN(9), rng.IntN(10))
				var wg sync.WaitGroup
				wg.Go(func() {
					k := casework.Case{FocusPersonID: p, ReceivedOn: r.From, Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value,
						Bunya: []string{casework.Bunya[0].Value}, Complaint: "（試験）"}
					if err := db.CreateCase(ctx, worker, &k); err != nil {
						t.Error(err)
					}
				})
				wg.Go(func() {
					if _, err := sqldb.ExecForTest(ctx, db, "UPDATE persons SET sex = ?, birth_date = ? WHERE id = ?", sex, birth, p); err != nil {
						t.Error(err)
					}
				})
				wg.Wait()
			case op == 10: // a record moved to another case (a correction of the case it belongs to)
				list := ids()
				id := list[rng.IntN(len(list))]
				to := anyCase(rng)
				if _, err := sqldb.ExecForTest(ctx, db, "UPDATE contacts SET case_id = ? WHERE id = ?", to, id); err != nil {
					t.Fatal(err)
				}
				f := model[id]
				f.caseID = to
				model[id] = f
			case op == 11: // a case linked to a household, or to another 本人
				c := anyCase(rng)
				w := cased[c]
				if rng.IntN(2) == 0 {
					w.household = []string{"", "hh-1", "hh-2"}[rng.IntN(3)]
					if _, err := sqldb.ExecForTest(ctx, db, "UPDATE cases SET household_id = ? WHERE id = ?", w.household, c); err != nil {
						t.Fatal(err)
					}
				} else {
					w.person = fmt.Sprintf("bench-person-%08d", rng.IntN(cases))
					if _, err := sqldb.ExecForTest(ctx, db, "UPDATE cases SET focus_person_id = ? WHERE id = ?", w.person, c); err != nil {
						t.Fatal(err)
					}
				}
				cased[c] = w
			case op == 12: // a person's sex or birth date corrected (copied onto the cases)
				if _, err := sqldb.ExecForTest(ctx, db, "UPDATE persons SET sex = ?, birth_date = ? WHERE id = ?",
					[]string{"male", "female", "unknown"}[rng.IntN(3)], fmt.Sprintf("19%02d-0%d-1%d", 30+rng.IntN(60), 1+rng.IntN(9), rng.IntN(10)),
					fmt.Sprintf("bench-person-%08d", rng.IntN(cases))); err != nil {
					t.Fatal(err)
				}
			case op == 13: // concurrent writers on one case while its household changes
				c := anyCase(rng)
				hh := []string{"", "hh-1", "hh-3"}[rng.IntN(3)]
				cs := make([]*casework.Contact, 3)
				for i := range cs {
					cs[i] = newContact(rng)
					cs[i].CaseID = c
				}
				var wg sync.WaitGroup
				for _, x := range cs {
					wg.Go(func() { add(x) })
				}
				wg.Go(func() {
					if _, err := sqldb.ExecForTest(ctx, db, "UPDATE cases SET household_id = ? WHERE id = ?", hh, c); err != nil {
						t.Error(err)
					}
				})
				wg.Wait()
				w := cased[c]
				w.household = hh
				cased[c] = w
			case op < 4:
				add(newContact(rng))
			case op < 6: // a correction through the page's path (author's organization)
				list := ids()
				id := list[rng.IntN(len(list))]
				if !isPageContact(id) {
					continue
				}
				by := actorFor(caseOf(t, db, id))
				cs, err := db.Contacts(ctx, by, caseOf(t, db, id))
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cs {
					if c.ID != id || c.AuthorOrgID != by.OrganizationID {
						continue // only the author's organization corrects
					}
					c.At, c.Jigyo, c.Bunya, c.Minutes = randomAt(), jigyo[rng.IntN(len(jigyo))], bunya[rng.IntN(len(bunya))], rng.IntN(90)
					c.Content += "（訂正）"
					if err := db.UpdateContact(ctx, by, &c); err != nil {
						t.Fatal(err)
					}
					model[id] = fact{r.InstantMonth(c.At.UTC().Format(casework.TimeFormat)), c.Jigyo, c.Bunya, c.Minutes, c.CaseID}
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

func show(n *int64) string {
	if n == nil {
		return "no"
	}
	return strconv.FormatInt(*n, 10)
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

func firstOf(s []string, n int) []string { return s[:min(n, len(s))] }

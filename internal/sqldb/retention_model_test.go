package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/retention"
)

// TestRetentionAgainstModel: a seeded random municipality (persons,
// households, cases received and closed on random days, contacts, legal
// holds on persons and cases, a random period) against a small reference
// model of the rules: which cases are past their period, which are held,
// which are disposed of and which persons are anonymized; and the annual
// report of every year is the same after the disposal. Replay a failure with
// KASANE_RETENTION_SEED=<seed>.
func TestRetentionAgainstModel(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("KASANE_RETENTION_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (replay: KASANE_RETENTION_SEED=%d)", seed, seed)
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	f := newRetFixture(t)
	ctx := context.Background()
	db := f.db
	day := func(from time.Time, maxDays int) time.Time { return from.AddDate(0, 0, rnd.IntN(maxDays)) }
	start := time.Date(2012, 4, 1, 0, 0, 0, 0, casework.JST)

	type mcase struct {
		id, person, household, closed string
		held                          bool
	}
	type mperson struct {
		id         string
		households []string
		held       bool
	}
	var persons []*mperson
	var cases []*mcase
	f.at("2012-04-01")
	for i := range 24 {
		p := f.person("模型"+strconv.Itoa(i), "太郎", "モケイ", fmt.Sprintf("080-0000-%04d", i))
		persons = append(persons, &mperson{id: p.ID})
	}
	// households of two or three persons
	for i := 0; i+2 < len(persons); i += 3 {
		if rnd.IntN(3) == 0 {
			continue
		}
		h := casework.Household{Label: "模型世帯" + strconv.Itoa(i), Kind: "二世代"}
		if err := db.CreateHousehold(ctx, f.worker, &h); err != nil {
			t.Fatal(err)
		}
		for _, p := range persons[i : i+1+rnd.IntN(2)+1] {
			if err := db.AddHouseholdMember(ctx, f.worker, h.ID, &casework.HouseholdMember{PersonID: p.id, Relationship: "本人", Cohabiting: true}); err != nil {
				t.Fatal(err)
			}
			p.households = append(p.households, h.ID)
		}
	}
	for _, p := range persons {
		for range rnd.IntN(3) {
			received := day(start, 12*365)
			hh := ""
			if len(p.households) > 0 && rnd.IntN(2) == 0 {
				hh = p.households[0]
			}
			closed := ""
			if rnd.IntN(10) < 6 {
				if c := day(received, 900); c.Before(time.Date(2026, 5, 1, 0, 0, 0, 0, casework.JST)) {
					closed = c.Format("2006-01-02")
				}
			}
			c := f.closedCase(casework.Person{ID: p.id}, hh, received.Format("2006-01-02"), closed, "模型の記録")
			cases = append(cases, &mcase{id: c.ID, person: p.id, household: hh, closed: closed})
		}
	}
	f.at("2026-06-01")
	years := 1 + rnd.IntN(8)
	if _, err := db.SetRetentionPolicy(ctx, f.admin, retention.TypeCase, years, 0); err != nil {
		t.Fatal(err)
	}
	for _, p := range persons {
		if rnd.IntN(7) == 0 {
			p.held = true
			if err := db.SetLegalHold(ctx, f.privacy, &retention.Hold{SubjectType: "person", SubjectID: p.id, Kind: "audit", Reason: "監査"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range cases {
		if rnd.IntN(9) == 0 {
			c.held = true
			if err := db.SetLegalHold(ctx, f.privacy, &retention.Hold{SubjectType: "case", SubjectID: c.id, Kind: "litigation", Reason: "訴訟"}); err != nil {
				t.Fatal(err)
			}
		}
	}

	// the model
	cutoff := retention.Cutoff("2026-06-01", years)
	byID := map[string]*mperson{}
	members := map[string][]*mperson{}
	for _, p := range persons {
		byID[p.id] = p
		for _, h := range p.households {
			members[h] = append(members[h], p)
		}
	}
	blocked := func(c *mcase) bool {
		if c.held || byID[c.person].held {
			return true
		}
		for _, m := range members[c.household] {
			if m.held {
				return true
			}
		}
		return false
	}
	var wantDue, wantHeld, wantDisposed []string
	disposed := map[string]bool{}
	for _, c := range cases {
		if c.closed == "" || c.closed >= cutoff {
			continue
		}
		wantDue = append(wantDue, c.id)
		if blocked(c) {
			wantHeld = append(wantHeld, c.id)
		} else {
			wantDisposed = append(wantDisposed, c.id)
			disposed[c.id] = true
		}
	}
	l, err := db.RetentionDue(ctx, f.admin, retention.TypeCase, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var gotDue, gotHeld []string
	for _, r := range l.Items {
		gotDue = append(gotDue, r.ID)
		if len(r.Held) > 0 {
			gotHeld = append(gotHeld, r.ID)
		}
	}
	slices.Sort(wantDue)
	slices.Sort(gotDue)
	slices.Sort(wantHeld)
	slices.Sort(gotHeld)
	if !slices.Equal(wantDue, gotDue) || !slices.Equal(wantHeld, gotHeld) {
		t.Fatalf("years %d cutoff %s:\ndue  want %v\n     got  %v\nheld want %v\n     got  %v", years, cutoff, wantDue, gotDue, wantHeld, gotHeld)
	}
	// the page's summary (counted in SQL, first rows only) agrees with the full scan, before and after a proposal
	compare := func(when string) {
		t.Helper()
		full, err := db.RetentionDue(ctx, f.admin, retention.TypeCase, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 3, 1000} {
			sum, err := db.RetentionDue(ctx, f.admin, retention.TypeCase, 0, limit)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Total != full.Total || sum.Held != full.Held || sum.InDecision != full.InDecision || sum.Proposable != full.Proposable ||
				sum.Records != full.Records || sum.FYFrom != full.FYFrom || sum.FYTo != full.FYTo || len(sum.Items) != min(limit, full.Total) {
				t.Fatalf("%s: summary (limit %d) %+v\nfull scan %+v", when, limit, sum, full)
			}
			for i, r := range sum.Items {
				if x := full.Items[i]; r.ID != x.ID || len(r.Held) != len(x.Held) || r.Records != x.Records || r.DecisionID != x.DecisionID {
					t.Fatalf("%s: summary row %d %+v, full scan %+v", when, i, r, x)
				}
			}
		}
	}
	compare("before the proposal")
	before := f.reports(2011, 2026)
	var d retention.Decision
	if len(wantDisposed) > 0 {
		if d, err = db.ProposeDisposal(ctx, f.admin, retention.TypeCase, 0, ""); err != nil {
			t.Fatal(err)
		}
		compare("proposed")
		if d, err = db.ApproveDisposal(ctx, f.privacy, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		if d, err = db.Dispose(ctx, f.admin, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		compare("disposed")
	}
	if d.DisposedCount != len(wantDisposed) {
		t.Fatalf("disposed %d, model %d", d.DisposedCount, len(wantDisposed))
	}
	// persons anonymized: named by a disposed case (focus or household member), not held, and nothing live left
	liveCase := func(c *mcase) bool { return !disposed[c.id] }
	var wantGone []string
	for _, p := range persons {
		named, live := false, false
		for _, c := range cases {
			inHH := c.household != "" && slices.Contains(p.households, c.household)
			if c.person == p.id || inHH {
				if disposed[c.id] {
					named = true
				} else if liveCase(c) {
					live = true
				}
			}
		}
		if named && !live && !p.held {
			wantGone = append(wantGone, p.id)
		}
	}
	gotGone, err := db.RawStrings(ctx, "SELECT id FROM persons WHERE municipality_id = ? AND disposed_at <> ''", f.sys.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(wantGone)
	slices.Sort(gotGone)
	if !slices.Equal(wantGone, gotGone) || d.Persons != len(wantGone) {
		t.Fatalf("anonymized persons:\nwant %v\ngot  %v (decision says %d)", wantGone, gotGone, d.Persons)
	}
	after := f.reports(2011, 2026)
	for fy := range before {
		if before[fy] != after[fy] {
			t.Errorf("annual report of FY%d changed by the disposal", fy)
		}
	}
	if res, err := db.VerifyAudit(ctx); err != nil || res.BrokenSeq != 0 {
		t.Fatalf("audit chain: %v %+v", err, res)
	}
}

package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestMonthlyReportRandomAgainstModel: a random year of 参加支援 (persons,
// 名寄せ links, hosts with menus, matches moving through 提案・試行・定着・終了
// on their days, retention and host-support logs) and 地域づくり (places and
// other resources, sessions, platforms with members and meetings) of two
// contractors each, seeded from a printed seed (replay: KASANE_SEED=n).
// Every month of every organization's monthly report, its 合計 row and the
// municipality-wide view of a month and of the year equal a small model
// kept beside the events; the access rule holds for every reader and
// organization.
func TestMonthlyReportRandomAgainstModel(t *testing.T) {
	seed := time.Now().UnixNano()
	if s := os.Getenv("KASANE_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("seed %d (replay with KASANE_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	ctx := context.Background()
	db := sqldbtest.Open(t)
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, casework.JST)
	now := start
	db.Now = func() time.Time { return now }
	sys := sqldbtest.Muni(t, db)
	type orgActor struct {
		org casework.Organization
		a   casework.Actor
	}
	mk := func(name, kind, role string) orgActor {
		o := sqldbtest.Org(t, db, sys, name, kind)
		_, a := sqldbtest.User(t, db, sys, o, name+"@example.invalid", role)
		return orgActor{o, a}
	}
	parts := []orgActor{mk("参加支援A", "participation_support", "participation"), mk("参加支援B", "participation_support", "participation")}
	comms := []orgActor{mk("地域づくりA", "community_building", "community"), mk("地域づくりB", "community_building", "community")}
	city := mk("市の担当課", "municipal_section", "worker")
	_, admin := sqldbtest.User(t, db, sys, city.org, "admin@example.invalid", "municipal_admin")
	_, viewer := sqldbtest.User(t, db, sys, parts[0].org, "viewer@example.invalid", "viewer")
	npo := mk("NPO", "npo", "worker")
	allOrgs := []casework.Organization{parts[0].org, parts[1].org, comms[0].org, comms[1].org, city.org, npo.org}

	// the story: steps on days, run in order with the clock on each day
	type step struct {
		day  string
		what string
		do   func() error
	}
	var steps []step
	add := func(day, what string, do func() error) { steps = append(steps, step{day, what, do}) }
	dayOf := func(offset int) string { return start.AddDate(0, 0, offset).Format("2006-01-02") }
	span := 400 // 2026-03-01 … 2027-04-05
	// model
	type modelFact struct{ measure, org, from, until, key string }
	var model []modelFact
	note := func(measure, org, from, until, key string) {
		model = append(model, modelFact{measure, org, from, until, key})
	}
	root := map[string]string{} // person → its 名寄せ representative (by creation order)
	personsOf := map[int][]string{}

	for pi, p := range parts {
		p := p
		persons := make([]string, 4+rng.IntN(4))
		for i := range persons {
			i := i
			add(dayOf(0), "person", func() error {
				x := casework.Person{Identified: true, FamilyName: "架空", GivenName: fmt.Sprintf("%d号%d", pi, i), FamilyKana: "カクウ", GivenKana: "イチ",
					BirthDate: fmt.Sprintf("19%02d-0%d-1%d", 50+i, 1+pi, i%10), Sex: "unknown"}
				if err := db.CreatePerson(ctx, p.a, &x); err != nil {
					return err
				}
				persons[i] = x.ID
				root[x.ID] = x.ID
				return nil
			})
		}
		// 名寄せ: some records are the same person as an earlier one
		for i := 1; i < len(persons); i++ {
			if rng.IntN(3) != 0 {
				continue
			}
			i, j := i, rng.IntN(i)
			add(dayOf(1), "名寄せ", func() error {
				root[persons[i]] = root[persons[j]]
				return db.DecideDuplicate(ctx, p.a, &sqldb.DuplicateDecision{PersonA: persons[i], PersonB: persons[j], Decision: "same"})
			})
		}
		var hosts []string
		hostMenus := map[int][]string{}
		for h := range 1 + rng.IntN(3) {
			h := h
			d := 0
			if h > 0 {
				d = rng.IntN(span)
			}
			menus := []string{"就労体験", "ボランティア", "清掃", "農作業"}[:1+rng.IntN(4)]
			hostMenus[h] = menus
			day := dayOf(d)
			note("new_hosts", p.org.ID, day, day, "")
			for range menus {
				note("new_menus", p.org.ID, day, day, "")
			}
			hosts = append(hosts, "")
			add(day, "host", func() error {
				r := casework.Resource{Name: fmt.Sprintf("受け入れ先%d-%d", pi, h), Kind: "就労体験先", AcceptsParticipants: true, Menus: menus}
				if err := db.CreateResource(ctx, p.a, &r); err != nil {
					return err
				}
				hosts[h] = r.ID
				return nil
			})
		}
		for range 6 + rng.IntN(8) {
			person := rng.IntN(len(persons))
			proposed := 2 + rng.IntN(span-2)
			var mid string
			add(dayOf(proposed), "match", func() error {
				m := casework.Match{PersonID: persons[person], ResourceID: hosts[0], Menu: hostMenus[0][0]}
				if err := db.CreateMatch(ctx, p.a, &m); err != nil {
					return err
				}
				mid = m.ID
				return nil
			})
			note("proposed", p.org.ID, dayOf(proposed), dayOf(proposed), "")
			paths := [][]string{nil, {"ended"}, {"trial"}, {"trial", "ended"}, {"trial", "placed"}, {"trial", "placed", "ended"}}
			d, ended := proposed, ""
			for _, to := range paths[rng.IntN(len(paths))] {
				d = min(d+rng.IntN(40), span)
				day, to := dayOf(d), to
				add(day, "move "+to, func() error {
					reason := ""
					if to == "ended" {
						reason = "本人の希望"
					}
					_, err := db.MoveMatch(ctx, p.a, mid, to, reason, day, 0)
					return err
				})
				note(to, p.org.ID, day, day, "")
				if to == "ended" {
					ended = day
				}
			}
			// the person in a match from its proposal to its end (名寄せ: resolved later)
			model = append(model, modelFact{"persons", p.org.ID, dayOf(proposed), ended, "#" + strconv.Itoa(pi) + "/" + strconv.Itoa(person)})
			last := span
			if ended != "" {
				last = d
			}
			for range rng.IntN(4) {
				ld := proposed + rng.IntN(last-proposed+1)
				kind := []string{"retention", "host_support"}[rng.IntN(2)]
				lday := dayOf(ld)
				add(lday, "log", func() error {
					l := casework.MatchLog{Kind: kind, At: now.Add(-time.Minute), Method: "面談", Note: "記録"}
					return db.AddMatchLog(ctx, p.a, mid, &l)
				})
				note(kind+"_logs", p.org.ID, lday, lday, "")
			}
		}
		personsOf[pi] = persons
	}

	placeKinds := map[string]bool{"居場所": true, "サロン": true, "子ども食堂": true, "通いの場": true, "学習支援": true}
	memberPool := []string{"org:" + city.org.ID, "org:" + npo.org.ID, "org:" + parts[0].org.ID, "name:北町自治会", "name:商店会", "name:老人クラブ"}
	for ci, c := range comms {
		c := c
		for ri := range 1 + rng.IntN(4) {
			kind := casework.ResourceKinds[rng.IntN(len(casework.ResourceKinds))].Value
			d := rng.IntN(span - 5)
			var rid string
			day := dayOf(d)
			add(day, "resource", func() error {
				r := casework.Resource{Name: fmt.Sprintf("資源%d-%d", ci, ri), Kind: kind}
				if err := db.CreateResource(ctx, c.a, &r); err != nil {
					return err
				}
				rid = r.ID
				return nil
			})
			if placeKinds[kind] {
				note("places", c.org.ID, day, "", "")
			}
			for range rng.IntN(5) {
				sd := d + rng.IntN(span-d+1)
				n := 1 + rng.IntN(30)
				sday := dayOf(sd)
				add(sday, "session", func() error {
					return db.AddSession(ctx, c.a, rid, &casework.Session{HeldOn: sday, Participants: map[string]int{"高齢者(65歳以上)": n}})
				})
				if placeKinds[kind] {
					note("sessions", c.org.ID, sday, sday, "")
					for range n {
						note("participants", c.org.ID, sday, sday, "")
					}
				}
			}
		}
		for pl := range 1 + rng.IntN(2) {
			var pid string
			var members []string
			for _, m := range memberPool {
				if rng.IntN(2) == 0 {
					members = append(members, m)
				}
			}
			add(dayOf(0), "platform", func() error {
				p := casework.Platform{Name: fmt.Sprintf("協議体%d-%d", ci, pl)}
				if err := db.CreatePlatform(ctx, c.a, &p); err != nil {
					return err
				}
				pid = p.ID
				for _, m := range members {
					pm := casework.PlatformMember{}
					if len(m) > 4 && m[:4] == "org:" {
						pm.OrganizationID = m[4:]
					} else {
						pm.Name = m[5:]
					}
					if err := db.AddPlatformMember(ctx, c.a, pid, &pm); err != nil {
						return err
					}
				}
				return nil
			})
			for range rng.IntN(5) {
				md := dayOf(1 + rng.IntN(span-1))
				att := rng.IntN(20)
				add(md, "platform meeting", func() error {
					return db.AddPlatformMeeting(ctx, c.a, pid, &casework.PlatformMeeting{HeldOn: md, Title: "定例会", Attendees: att})
				})
				note("platform_meetings", c.org.ID, md, md, "")
				for range att {
					note("platform_attendees", c.org.ID, md, md, "")
				}
				for _, m := range members {
					note("platform_orgs", c.org.ID, md, md, m)
				}
			}
		}
	}

	sort.SliceStable(steps, func(i, j int) bool { return steps[i].day < steps[j].day })
	for i, s := range steps {
		d, _ := time.ParseInLocation("2006-01-02", s.day, casework.JST)
		now = d.Add(10*time.Hour + time.Duration(i)*time.Second)
		if err := s.do(); err != nil {
			t.Fatalf("step %d %s on %s: %v", i, s.what, s.day, err)
		}
	}
	now = time.Date(2027, 4, 10, 9, 0, 0, 0, casework.JST) // every month of 2026年度 has passed
	// the model's persons, now that they have ids: by 名寄せ representative
	for i := range model {
		var x, y int
		if n, _ := fmt.Sscanf(model[i].key, "#%d/%d", &x, &y); n == 2 {
			model[i].key = root[personsOf[x][y]]
		}
	}

	// the model's value of measure for org (all: "") over [from, to]
	linked := 0
	for k, v := range root {
		if k != v {
			linked++
		}
	}
	t.Logf("linked %d of %d", linked, len(root))
	kinds := map[string]string{}
	for _, ms := range report.MonthlyMeasures {
		for _, m := range ms {
			kinds[m.Key] = m.Kind
		}
	}
	expect := func(measure, org, from, to string) int {
		n, keys := 0, map[string]bool{}
		for _, f := range model {
			if f.measure != measure || (org != "" && f.org != org) {
				continue
			}
			until := f.until
			if until == "" {
				until = "9999-12-31"
			}
			switch kinds[measure] {
			case report.MeasureStock:
				if f.from <= to && until >= to {
					n++
				}
			case report.MeasureDistinct:
				if f.from <= to && until >= from {
					keys[f.key] = true
				}
			default:
				if f.from >= from && f.from <= to {
					n++
				}
			}
		}
		if kinds[measure] == report.MeasureDistinct {
			return len(keys)
		}
		return n
	}
	monthEnd := func(m string) string {
		d, _ := time.Parse("2006-01", m)
		return d.AddDate(0, 1, -1).Format("2006-01-02")
	}
	val := func(v *int) int {
		if v == nil {
			return -1
		}
		return *v
	}
	checks := 0
	for _, g := range []struct {
		program string
		orgs    []orgActor
	}{{"sanka", parts}, {"chiiki", comms}} {
		for _, o := range g.orgs {
			rep, err := db.MonthlyReport(ctx, o.a, g.program, "", 2026)
			if err != nil {
				t.Fatal(err)
			}
			for i, month := range casework.FiscalMonths(2026) {
				row := rep.Months[i]
				if row.Label != report.MonthlyTable(rep).Rows[i][2] {
					t.Fatalf("label %s", row.Label)
				}
				for _, m := range rep.Measures {
					want := expect(m.Key, o.org.ID, month+"-01", monthEnd(month))
					if got := val(row.Values[m.Key]); got != want {
						t.Errorf("%s %s %s: %d, model %d", o.org.Name, month, m.Key, got, want)
					}
					checks++
				}
			}
			for _, m := range rep.Measures {
				want := expect(m.Key, o.org.ID, "2026-04-01", "2027-03-31")
				if m.Kind == report.MeasureStock {
					want = -1
				}
				if got := val(rep.Total.Values[m.Key]); got != want {
					t.Errorf("%s 合計 %s: %d, model %d", o.org.Name, m.Key, got, want)
				}
			}
		}
		// the municipality-wide view: a random month and the year
		month := casework.FiscalMonths(2026)[rng.IntN(12)]
		for _, period := range [][3]string{{month, month + "-01", monthEnd(month)}, {"", "2026-04-01", "2027-03-31"}} {
			ov, err := db.MonthlyOverview(ctx, admin, g.program, 2026, period[0])
			if err != nil {
				t.Fatal(err)
			}
			listed := map[string]bool{}
			for _, row := range ov.Organizations {
				listed[row.OrganizationID] = true
				for _, m := range ov.Measures {
					if got, want := val(row.Values[m.Key]), expect(m.Key, row.OrganizationID, period[1], period[2]); got != want {
						t.Errorf("%s overview %q %s %s: %d, model %d", g.program, period[0], row.Label, m.Key, got, want)
					}
				}
			}
			for _, o := range g.orgs {
				if !listed[o.org.ID] {
					t.Errorf("%s overview %q lacks %s", g.program, period[0], o.org.Name)
				}
			}
			for _, m := range ov.Measures {
				if got, want := val(ov.Total.Values[m.Key]), expect(m.Key, "", period[1], period[2]); got != want {
					t.Errorf("%s overview %q 合計 %s: %d, model %d", g.program, period[0], m.Key, got, want)
				}
				checks++
			}
			if tbl := report.OverviewTable(ov); tbl.Rows[len(tbl.Rows)-1][2] != "合計" {
				t.Errorf("overview table without its 合計 row: %v", tbl.Rows)
			}
		}
	}
	t.Logf("%d figures checked against the model", checks)

	// access: one's own report (a user who handles cases), every
	// organization's only for the municipality
	for _, r := range []struct {
		name      string
		a         casework.Actor
		municipal bool
	}{{"participation A", parts[0].a, false}, {"community B", comms[1].a, false}, {"npo", npo.a, false}, {"viewer", viewer, false},
		{"city worker", city.a, true}, {"admin", admin, true}} {
		for _, o := range allOrgs {
			program := casework.MonthlyPrograms[rng.IntN(3)].Value
			_, err := db.MonthlyReport(ctx, r.a, program, o.ID, 2026)
			allowed := r.municipal || (o.ID == r.a.OrganizationID)
			if (err == nil) != allowed || (err != nil && casework.ErrorCode(err) != casework.EFORBIDDEN) {
				t.Errorf("%s reads %s's %s report: %v (allowed %v)", r.name, o.Name, program, err, allowed)
			}
		}
		_, err := db.MonthlyOverview(ctx, r.a, "chiiki", 2026, "")
		if (err == nil) != r.municipal {
			t.Errorf("%s reads the municipality-wide view: %v", r.name, err)
		}
	}
}

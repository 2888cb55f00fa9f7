package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// set moves the test clock to t.
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// refRecord is one record of the reference model of the 実人数 test: its
// fiscal month, its values for the rows' filters, its person and household.
type refRecord struct {
	month             int
	bunya             []string // cases: every 分野 of the case
	fields            map[string]string
	person, household string
}

// matches says whether a row with filter counts the record: each filter
// value must be the record's (bunya: one of the case's 分野).
func (r refRecord) matches(filter map[string]string) bool {
	for k, v := range filter {
		if k == "bunya" && r.bunya != nil {
			if !slices.Contains(r.bunya, v) {
				return false
			}
			continue
		}
		if r.fields[k] != v {
			return false
		}
	}
	return true
}

// refRow is what the plain reference gives for one row.
type refRow struct {
	months, personsMonths [12]int64
	total, persons, hh    int64
}

// reference counts the records of a row: 延べ by month and in the year, the
// distinct persons (linked persons once, by root) by month and in the year,
// and the households (each named household once; a person none of whose
// records of the row names a household is a household of their own).
func reference(recs []refRecord, filter map[string]string, root func(string) string) refRow {
	var out refRow
	year := map[string]bool{} // person → some record names a household
	month := [12]map[string]bool{}
	households := map[string]bool{}
	for _, r := range recs {
		if !r.matches(filter) {
			continue
		}
		p := root(r.person)
		out.months[r.month]++
		out.total++
		if month[r.month] == nil {
			month[r.month] = map[string]bool{}
		}
		month[r.month][p] = true
		year[p] = year[p] || r.household != ""
		if r.household != "" {
			households[r.household] = true
		}
	}
	for i, m := range month {
		out.personsMonths[i] = int64(len(m))
	}
	out.persons, out.hh = int64(len(year)), int64(len(households))
	for _, named := range year {
		if !named {
			out.hh++
		}
	}
	return out
}

// TestAnnualReportPersonsRandom builds a random year of cases, support
// records (with participation logs), referrals and 名寄せ decisions, and
// checks the annual report's 延べ, 実人数 (by month and for the year) and
// 世帯数 of the sections of new consultations, support records and
// referrals against a plain reference computed here; then that the page,
// the .xlsx and the CSV show the same figures as the API. The seed is
// printed; KASANE_REPORT_SEED=N replays it.
func TestAnnualReportPersonsRandom(t *testing.T) {
	seed := time.Now().UnixNano()
	if s := os.Getenv("KASANE_REPORT_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("seed %d (replay: KASANE_REPORT_SEED=%d go test ./internal/web -run TestAnnualReportPersonsRandom)", seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 22))
	ctx := context.Background()
	e := newEnv(t) // now: 2026-06-01 10:00 JST; the year is 令和8年度 (2026)
	tok := e.token("worker")
	receivers := map[string]string{"kurashi": e.token("worker2"), "kodomo": e.token("kodomo")}
	worker := e.users["worker"]
	wa := casework.Actor{UserID: worker.ID, MunicipalityID: worker.MunicipalityID, OrganizationID: worker.OrganizationID, Roles: worker.Roles}

	families := []string{"佐藤", "鈴木", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山口", "松本", "井上", "木村"}
	kanas := []string{"サトウ", "スズキ", "タナカ", "イトウ", "ワタナベ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマグチ", "マツモト", "イノウエ", "キムラ"}
	var persons []string
	for i := range 12 {
		persons = append(persons, e.mkPerson(tok, map[string]any{"family_name": families[i], "given_name": "太郎", "family_name_kana": kanas[i],
			"given_name_kana": "タロウ", "birth_date": fmt.Sprintf("19%02d-0%d-1%d", 40+i*4, 1+i%9, i%10), "sex": []string{"male", "female"}[i%2],
			"phone": fmt.Sprintf("090-1111-%04d", i)}))
		e.consent(tok, persons[i], []string{e.orgs["kurashi"].ID, e.orgs["kodomo"].ID}, "")
	}
	var households []string
	for i := range 3 {
		r := e.api("POST", "/api/v1/households", tok, map[string]any{"label": fmt.Sprintf("世帯%d", i), "kind": "その他"})
		if r.StatusCode != 201 {
			t.Fatalf("household: %d %s", r.StatusCode, r.Body)
		}
		households = append(households, r.JSON(t)["id"].(string))
	}
	// 名寄せ: some pairs the same person, one pair decided different, one
	// pair first the same then different (the later decision revokes it)
	parent := map[string]string{}
	var root func(string) string
	root = func(p string) string {
		if q, ok := parent[p]; ok && q != p {
			return root(q)
		}
		return p
	}
	decide := func(a, b, decision string) {
		if err := e.db.DecideDuplicate(ctx, wa, &sqldb.DuplicateDecision{PersonA: a, PersonB: b, Decision: decision, Note: "窓口で確認"}); err != nil {
			t.Fatalf("decide %s: %v", decision, err)
		}
	}
	perm := rng.Perm(len(persons))
	links := [][2]string{{persons[perm[0]], persons[perm[1]]}, {persons[perm[1]], persons[perm[2]]}, {persons[perm[3]], persons[perm[4]]}}
	for _, l := range links {
		decide(l[0], l[1], "same")
		ra, rb := root(l[0]), root(l[1])
		if ra != rb {
			parent[rb] = ra
		}
	}
	decide(persons[perm[5]], persons[perm[6]], "different")
	decide(persons[perm[7]], persons[perm[8]], "same")
	decide(persons[perm[7]], persons[perm[8]], "different")

	// a place of participation with matches of some persons (proposed today)
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "accepts_participants": true, "menus": []string{"農作業体験"}})
	type match struct{ id, person string }
	var matches []match
	for _, i := range rng.Perm(len(persons))[:4] {
		r := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": persons[i], "resource_id": farm, "menu": "農作業体験"})
		if r.StatusCode != 201 {
			t.Fatalf("match: %d %s", r.StatusCode, r.Body)
		}
		matches = append(matches, match{r.JSON(t)["id"].(string), persons[i]})
	}

	// the year: events at random instants from today to the end of March,
	// each done at its instant (cases and records may be dated earlier:
	// late entry, back to April)
	start := time.Date(2026, 6, 1, 10, 0, 0, 0, casework.JST)
	end := time.Date(2027, 3, 31, 20, 0, 0, 0, casework.JST)
	april := time.Date(2026, 4, 1, 0, 0, 0, 0, casework.JST)
	var at []time.Time
	for range 140 {
		at = append(at, start.Add(time.Duration(rng.Int64N(int64(end.Sub(start))))))
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	fiscalMonth := func(t time.Time) int {
		t = t.In(casework.JST)
		return (int(t.Month()) + 8) % 12
	}
	type caseRec struct {
		id, person, household string
		bunya                 []string
		received              time.Time
	}
	type referral struct {
		id, to, person, household string
		created                   time.Time
		status                    string
		days                      int
	}
	var cases []caseRec
	var referrals []*referral
	var newCons, contacts, refs []refRecord
	bunyaCodes := casework.Bunya.Values()
	jigyoCodes := casework.Jigyo.Values()
	randomDay := func(from, to time.Time) time.Time { // a JST instant between two instants
		return from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)) + 1)))
	}
	skipped := 0
	for _, now := range at {
		e.clock.set(now.UTC())
		switch k := rng.IntN(100); {
		case k < 25 || len(cases) == 0: // a case received on a day of the year up to today
			day := randomDay(april, now).In(casework.JST)
			c := caseRec{person: persons[rng.IntN(len(persons))], received: day}
			for _, b := range rng.Perm(len(bunyaCodes))[:1+rng.IntN(2)] {
				c.bunya = append(c.bunya, bunyaCodes[b])
			}
			body := map[string]any{"focus_person_id": c.person, "received_on": day.Format("2006-01-02"), "route": "本人", "method": "電話",
				"bunya": c.bunya, "problems": []string{"介護"}, "complaint": "相談"}
			if rng.IntN(3) == 0 {
				c.household = households[rng.IntN(len(households))]
				body["household_id"] = c.household
			}
			r := e.api("POST", "/api/v1/cases", tok, body)
			if r.StatusCode != 201 {
				t.Fatalf("case: %d %s", r.StatusCode, r.Body)
			}
			c.id = r.JSON(t)["id"].(string)
			cases = append(cases, c)
			newCons = append(newCons, refRecord{month: fiscalMonth(day), bunya: c.bunya, person: c.person, household: c.household})
		case k < 70: // a support record, dated between the case's day and now
			c := cases[rng.IntN(len(cases))]
			when := randomDay(c.received, now)
			jigyo, bunya := jigyoCodes[rng.IntN(len(jigyoCodes))], bunyaCodes[rng.IntN(len(bunyaCodes))]
			e.contactAt(tok, c.id, when.Format(time.RFC3339), jigyo, bunya, 10)
			contacts = append(contacts, refRecord{month: fiscalMonth(when), fields: map[string]string{"jigyo": jigyo, "bunya": bunya}, person: c.person, household: c.household})
		case k < 80: // a participation log (参加支援, no 分野)
			m := matches[rng.IntN(len(matches))]
			when := randomDay(start, now)
			r := e.api("POST", "/api/v1/participation-matches/"+m.id+"/logs", tok, map[string]any{"kind": "retention", "at": when.Format(time.RFC3339), "method": "面談", "note": "様子を聞いた"})
			if r.StatusCode != 201 {
				t.Fatalf("log: %d %s", r.StatusCode, r.Body)
			}
			contacts = append(contacts, refRecord{month: fiscalMonth(when), fields: map[string]string{"jigyo": "sanka"}, person: m.person})
		case k < 92: // a referral sent now
			c := cases[rng.IntN(len(cases))]
			to := []string{"kurashi", "kodomo"}[rng.IntN(2)]
			r := e.api("POST", "/api/v1/referrals", tok, map[string]any{"case_id": c.id, "to_organization_id": e.orgs[to].ID, "reason": "つなぎ"})
			if r.StatusCode != 201 { // e.g. the receiver already on the team: nothing stored, nothing counted
				skipped++
				continue
			}
			referrals = append(referrals, &referral{id: r.JSON(t)["id"].(string), to: to, person: c.person, household: c.household, created: now, status: "pending"})
		default: // a pending referral answered now
			var pending []*referral
			for _, x := range referrals {
				if x.status == "pending" {
					pending = append(pending, x)
				}
			}
			if len(pending) == 0 {
				continue
			}
			x := pending[rng.IntN(len(pending))]
			if rng.IntN(3) == 0 {
				if r := e.api("POST", "/api/v1/referrals/"+x.id+"/decline", receivers[x.to], map[string]any{"reason": "対象外"}); r.StatusCode != 200 {
					t.Fatalf("decline: %d %s", r.StatusCode, r.Body)
				}
				x.status = "declined"
				continue
			}
			if r := e.api("POST", "/api/v1/referrals/"+x.id+"/accept", receivers[x.to], nil); r.StatusCode != 200 {
				skipped++ // e.g. already on the team by another referral: it stays pending
				continue
			}
			c, a := x.created.In(casework.JST), now.In(casework.JST)
			x.status = "accepted"
			x.days = int(time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC).Sub(time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24)
		}
	}
	bucket := func(d int) string {
		switch {
		case d <= 1:
			return "0-1"
		case d <= 3:
			return "2-3"
		case d <= 5:
			return "4-5"
		case d <= 10:
			return "6-10"
		}
		return "11-"
	}
	for _, x := range referrals {
		rec := refRecord{month: fiscalMonth(x.created), fields: map[string]string{"status": x.status}, person: x.person, household: x.household}
		if x.status == "accepted" {
			rec.fields["bucket"] = bucket(x.days)
		}
		refs = append(refs, rec)
	}
	t.Logf("%d cases, %d support records and logs, %d referrals (%d sends or answers refused), %d persons, %d links", len(newCons), len(contacts), len(refs), skipped, len(persons), len(links))
	if len(newCons) < 10 || len(contacts) < 30 || len(refs) < 5 {
		t.Fatalf("too little data for the check: %d %d %d", len(newCons), len(contacts), len(refs))
	}

	e.clock.set(time.Date(2027, 4, 10, 1, 0, 0, 0, time.UTC))
	tok = e.token("worker")
	r := e.api("GET", "/api/v1/reports/annual?fiscal_year=R8", tok, nil)
	if r.StatusCode != 200 {
		t.Fatalf("annual: %d %s", r.StatusCode, r.Body)
	}
	var a report.Annual
	if err := json.Unmarshal([]byte(r.Body), &a); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for key, recs := range map[string][]refRecord{report.SecNewConsultations: newCons, report.SecContacts: contacts, report.SecReferrals: refs, report.SecReferralDays: refs} {
		s, ok := a.Section(key)
		if !ok {
			t.Fatalf("no section %s", key)
		}
		for _, row := range s.Rows {
			want := reference(recs, row.Filter, root)
			if row.Persons == nil || row.Households == nil || len(row.PersonsMonths) != 12 {
				t.Fatalf("%s %s: no 実人数: %+v", key, row.Label, row)
			}
			got := refRow{total: row.Total, persons: *row.Persons, hh: *row.Households}
			copy(got.months[:], row.Months)
			copy(got.personsMonths[:], row.PersonsMonths)
			if got != want {
				t.Errorf("%s %s %v:\n got  延べ %v=%d 実人数 %v=%d 世帯 %d\n want 延べ %v=%d 実人数 %v=%d 世帯 %d", key, row.Label, row.Filter,
					got.months, got.total, got.personsMonths, got.persons, got.hh, want.months, want.total, want.personsMonths, want.persons, want.hh)
			}
			var sum int64
			for _, v := range row.PersonsMonths {
				sum += v
			}
			if sum < *row.Persons {
				t.Errorf("%s %s: the months' 実人数 add up to %d, below the year's %d", key, row.Label, sum, *row.Persons)
			}
			checked++
		}
	}
	t.Logf("%d rows checked against the reference", checked)
	if t.Failed() {
		return
	}
	checkAnnualViews(t, e, &a)
}

var (
	reRow  = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	reCell = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	reTag  = regexp.MustCompile(`<[^>]+>`)
)

// checkAnnualViews: the page, the .xlsx and the CSV of the annual report of
// a.FiscalYear show the figures of a (the API's report), line by line.
func checkAnnualViews(t *testing.T, e *env, a *report.Annual) {
	t.Helper()
	// the page: the indicator set, then each row and its line of monthly 実人数
	var want [][]string
	for _, r := range a.Indicators.Rows {
		target := "未設定"
		if r.Target != nil {
			target = strconv.FormatInt(*r.Target, 10)
		}
		want = append(want, []string{r.Label, r.Jigyo, r.Basis, strconv.FormatInt(r.Actual, 10), r.Unit, target, r.PercentText(), r.ActualPer100kText(), r.TargetPer100kText()})
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, s := range a.Sections {
		for _, r := range s.Rows {
			row := []string{r.Label}
			for _, v := range r.Months {
				row = append(row, n(v))
			}
			row = append(row, n(r.Total))
			if r.Persons != nil {
				row = append(row, n(*r.Persons), n(*r.Households))
			}
			if s.Key == report.SecMinutesByBunya {
				row = append(row, strconv.FormatFloat(r.Share, 'f', -1, 64)+"%")
			}
			want = append(want, row)
			if r.PersonsMonths != nil {
				row := []string{r.PersonsLabel()}
				for _, v := range r.PersonsMonths {
					row = append(row, n(v))
				}
				want = append(want, append(row, "—", n(*r.Persons), "—"))
			}
		}
	}
	b := e.browser()
	b.login("worker")
	p := b.get("/reports/annual?fiscal_year=" + strconv.Itoa(a.FiscalYear))
	var got [][]string
	for _, m := range reRow.FindAllStringSubmatch(p.Body, -1) {
		if !strings.Contains(m[1], `<th scope="row">`) {
			continue
		}
		var row []string
		for _, c := range reCell.FindAllStringSubmatch(m[1], -1) {
			row = append(row, strings.TrimSpace(html.UnescapeString(reTag.ReplaceAllString(c[1], ""))))
		}
		got = append(got, row)
	}
	if len(got) != len(want) {
		t.Fatalf("page has %d rows, the API %d", len(got), len(want))
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("page row %d: %v, API %v", i, got[i], want[i])
		}
	}

	// the .xlsx and the CSV: 集計項目, 区分, the months, 合計, 割合, 単位, 実人数, 世帯数, 目標, 達成率, per 10万人
	var lines [][]string
	opt := func(v *int64) string {
		if v == nil {
			return ""
		}
		return n(*v)
	}
	dec := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	blank12 := make([]string, 12)
	for _, r := range a.Indicators.Rows {
		l := append([]string{report.IndicatorSectionTitle, r.Label}, blank12...)
		lines = append(lines, append(l, n(r.Actual), "", r.Unit, "", "", opt(r.Target), dec(r.Percent), dec(r.ActualPer100k), dec(r.TargetPer100k)))
	}
	if a.Indicators.Population != nil {
		l := append([]string{report.IndicatorSectionTitle, "人口（人口10万人あたりの基礎）" + a.Indicators.PopulationLabel()}, blank12...)
		lines = append(lines, append(l, n(*a.Indicators.Population), "", "人"))
	}
	for _, s := range a.Sections {
		for _, r := range s.Rows {
			l := []string{s.Title, r.Label}
			for _, v := range r.Months {
				l = append(l, n(v))
			}
			share := ""
			if r.Share > 0 {
				share = strconv.FormatFloat(r.Share, 'f', 1, 64)
			}
			lines = append(lines, append(l, n(r.Total), share, s.Unit, opt(r.Persons), opt(r.Households)))
			if r.PersonsMonths != nil {
				l := []string{s.Title, r.PersonsLabel()}
				for _, v := range r.PersonsMonths {
					l = append(l, n(v))
				}
				lines = append(lines, append(l, "", "", "人", opt(r.Persons)))
			}
		}
	}
	trim := func(row []string) string {
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		return strings.Join(row, "|")
	}
	tok := e.token("worker")
	x := e.api("GET", "/api/v1/reports/annual?fiscal_year="+strconv.Itoa(a.FiscalYear)+"&format=xlsx", tok, nil)
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	defer f.Close()
	xrows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	c := e.api("GET", "/api/v1/reports/annual?fiscal_year="+url.QueryEscape("令和8年度")+"&format=csv", tok, nil)
	crows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.Body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	for name, rows := range map[string][][]string{"xlsx": xrows, "csv": crows} {
		if len(rows) != len(lines)+1 {
			t.Errorf("%s has %d lines, the API %d", name, len(rows)-1, len(lines))
			continue
		}
		for i, l := range lines {
			if trim(rows[i+1]) != trim(l) {
				t.Errorf("%s line %d:\n %s\nAPI\n %s", name, i+2, trim(rows[i+1]), trim(l))
			}
		}
	}
}

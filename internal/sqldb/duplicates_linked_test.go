package sqldb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// linkFixture: two organizations each registering the same person, a third
// that registers nobody, and the municipality's roles.
type linkFixture struct {
	db                   *sqldb.DB
	sys                  casework.Actor
	houkatsu, kurashi    casework.Actor // workers of the two organizations
	kodomo               casework.Actor // a worker of an organization that knows nobody
	admin, privacy       casework.Actor // the municipality's roles (of the city's section)
	kurashiPrivacy       casework.Actor // a privacy officer of the second organization
	orgKurashi, orgShelt casework.Organization
}

func linkSeed(t *testing.T) linkFixture {
	t.Helper()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	f := linkFixture{db: db, sys: sys}
	o1 := sqldbtest.Org(t, db, sys, "地域包括支援センター", "community_support_center")
	f.orgKurashi = sqldbtest.Org(t, db, sys, "くらしサポートセンター", "self_reliance_support")
	o3 := sqldbtest.Org(t, db, sys, "こども家庭センター", "child_family_center")
	city := sqldbtest.Org(t, db, sys, "福祉総合相談課", "municipal_section")
	f.orgShelt = sqldbtest.Org(t, db, sys, "配偶者暴力相談支援センター", "other")
	_, f.houkatsu = sqldbtest.User(t, db, sys, o1, "hk@example.jp", "worker")
	_, f.kurashi = sqldbtest.User(t, db, sys, f.orgKurashi, "ks@example.jp", "worker")
	_, f.kodomo = sqldbtest.User(t, db, sys, o3, "kd@example.jp", "worker")
	_, f.admin = sqldbtest.User(t, db, sys, city, "admin@example.jp", "municipal_admin")
	_, f.privacy = sqldbtest.User(t, db, sys, city, "po@example.jp", "privacy_officer")
	_, f.kurashiPrivacy = sqldbtest.User(t, db, sys, f.orgKurashi, "kpo@example.jp", "privacy_officer")
	return f
}

func (f linkFixture) person(t *testing.T, a casework.Actor, p casework.Person) string {
	t.Helper()
	p.Identified = true
	if err := f.db.CreatePerson(context.Background(), a, &p); err != nil {
		t.Fatalf("register %s%s: %v", p.FamilyName, p.GivenName, err)
	}
	return p.ID
}

func (f linkFixture) caseOf(t *testing.T, a casework.Actor, person, complaint string) string {
	t.Helper()
	c := casework.Case{FocusPersonID: person, ReceivedOn: casework.Today(f.db.Now()), Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value,
		Bunya: []string{casework.Bunya[0].Value}, Complaint: complaint}
	if err := f.db.CreateCase(context.Background(), a, &c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// reviewPairs is the review list as a reads it: "a|b" (ids in order) → item.
func (f linkFixture) reviewPairs(t *testing.T, a casework.Actor) map[string]sqldb.DuplicateItem {
	t.Helper()
	rv, err := f.db.DuplicateReview(context.Background(), a, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]sqldb.DuplicateItem{}
	for _, it := range rv.Items {
		x, y := it.A.ID, it.B.ID
		if x > y {
			x, y = y, x
		}
		out[x+"|"+y] = it
	}
	return out
}

func pairKey(x, y string) string {
	if x > y {
		x, y = y, x
	}
	return x + "|" + y
}

var hanako = casework.Person{FamilyName: "佐藤", GivenName: "花子", FamilyKana: "サトウ", GivenKana: "ハナコ", BirthDate: "1980-06-15", Sex: "female",
	Address: casework.Address{PostalCode: "123-4567", Prefecture: "架空県", City: "かさね市", Street: "本町1-2-3"}, Phone: "090-1111-2222"}

// TestCandidatesFoundAsRecordsArrive: a second registration by another
// organization is on the review list as soon as it is saved (no batch),
// for the municipality's roles who decide; staff of one organization do not
// see a pair they cannot see both sides of; a change that ends the
// likeness takes the pair off; an import lists its rows' pairs; a pair
// decided 「別人」 is not listed again when the record changes.
func TestCandidatesFoundAsRecordsArrive(t *testing.T) {
	f := linkSeed(t)
	ctx := context.Background()
	a := f.person(t, f.houkatsu, hanako)
	swapped := hanako // the reading in hiragana, no address
	swapped.FamilyKana, swapped.GivenKana, swapped.BirthDate, swapped.Address = "さとう", "はなこ", "1980-06-15", casework.Address{}
	b := f.person(t, f.kurashi, swapped)
	for _, who := range []casework.Actor{f.admin, f.privacy} {
		it, ok := f.reviewPairs(t, who)[pairKey(a, b)]
		if !ok || !it.Same || it.A.Link || it.A.Address != "" && it.A.Address != "架空県かさね市" {
			t.Fatalf("%v: pair not listed on arrival as same: %+v", who.Roles, it)
		}
	}
	if _, ok := f.reviewPairs(t, f.houkatsu)[pairKey(a, b)]; ok {
		t.Fatal("a worker sees a pair whose other record it may not see")
	}
	if _, err := f.db.DuplicateReview(ctx, casework.Actor{UserID: "v", MunicipalityID: f.sys.MunicipalityID, OrganizationID: f.houkatsu.OrganizationID, Roles: []string{"viewer"}}, ""); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("a viewer reviews: %v", err)
	}
	// the record changes so that it is someone else: off the list
	p, err := f.db.Person(ctx, f.kurashi, b)
	if err != nil {
		t.Fatal(err)
	}
	p.GivenName, p.GivenKana, p.BirthDate = "道子", "ミチコ", "1955-01-02"
	if err := f.db.UpdatePerson(ctx, f.kurashi, &p); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.reviewPairs(t, f.admin)[pairKey(a, b)]; ok {
		t.Fatal("pair still listed after the change")
	}
	// an import: the row like a, and two rows alike within the file
	rows := []casework.Person{hanako, {FamilyName: "鈴木", GivenName: "一郎", FamilyKana: "スズキ", GivenKana: "イチロウ", BirthDate: "1960-02-03", Sex: "male"},
		{FamilyName: "鈴木", GivenName: "一郎", FamilyKana: "すずき", GivenKana: "いちろう", BirthDate: "1960-03-02", Sex: "male"}}
	i := 0
	res, err := f.db.ImportPersons(ctx, f.kodomo, func() (sqldb.ImportRow, error) {
		if i == len(rows) {
			return sqldb.ImportRow{}, io.EOF
		}
		i++
		return sqldb.ImportRow{Row: i + 1, Person: rows[i-1]}, nil
	}, nil)
	if err != nil || res.Imported != 3 {
		t.Fatalf("import: %+v %v", res, err)
	}
	list := f.reviewPairs(t, f.admin)
	withA, inFile := 0, 0
	for k, it := range list {
		if strings.Contains(k, a) && it.B.DisplayName == "佐藤 花子" && it.A.DisplayName == "佐藤 花子" {
			withA++
		}
		if it.A.DisplayName == "鈴木 一郎" && it.B.DisplayName == "鈴木 一郎" {
			inFile++
		}
	}
	if withA != 1 || inFile != 1 {
		t.Fatalf("imported pairs: with the registered record %d, within the file %d: %+v", withA, inFile, list)
	}
	// decided 「別人」: a change of the record does not list it again
	var twin string
	for k := range list {
		if strings.Contains(k, a) {
			twin = strings.Trim(strings.Replace(k, a, "", 1), "|")
		}
	}
	d := sqldb.DuplicateDecision{PersonA: a, PersonB: twin, Decision: "different", Note: "別人と確認"}
	if err := f.db.DecideDuplicate(ctx, f.admin, &d); err != nil {
		t.Fatal(err)
	}
	q, err := f.db.Person(ctx, f.houkatsu, a)
	if err != nil {
		t.Fatal(err)
	}
	q.Phone2 = "03-0000-0000"
	if err := f.db.UpdatePerson(ctx, f.houkatsu, &q); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.reviewPairs(t, f.admin)[pairKey(a, twin)]; ok {
		t.Fatal("a pair decided 別人 is listed again")
	}
}

// TestSurnameChangeProposed: a woman registered again after marriage under
// the new surname, moved, with a new phone, is proposed for review when
// the new record carries the old surname as 旧姓 (also in reading only),
// when the old record carries the surname she returned to, and when she is
// registered under the 通称 another record carries; never as "same"; and
// not when nothing says so.
func TestSurnameChangeProposed(t *testing.T) {
	f := linkSeed(t)
	ctx := context.Background()
	old := f.person(t, f.houkatsu, hanako)
	moved := hanako
	moved.FamilyName, moved.FamilyKana = "鈴木", "スズキ"
	moved.Address, moved.Phone = casework.Address{PostalCode: "530-0001", Prefecture: "大阪府", City: "大阪市北区", Street: "梅田1-1"}, "06-1111-2222"

	bare := f.person(t, f.kurashi, moved)
	if _, ok := f.reviewPairs(t, f.admin)[pairKey(old, bare)]; ok {
		t.Fatal("surname change without 旧姓 or phone proposed (indistinguishable from another person with the same given name and birth date)")
	}
	withMaiden := moved
	withMaiden.MaidenName = "佐藤"
	m := f.person(t, f.kurashi, withMaiden)
	it, ok := f.reviewPairs(t, f.admin)[pairKey(old, m)]
	if !ok || it.Same || !slices.Contains(it.Reasons, dedupe.RFormer) {
		t.Fatalf("surname change with 旧姓: %+v", it)
	}
	reading := moved
	reading.MaidenName, reading.MaidenKana = "佐東", "さとう"
	reading.GivenName = "華子"
	r := f.person(t, f.kurashi, reading)
	if it, ok := f.reviewPairs(t, f.admin)[pairKey(old, r)]; !ok || it.Same {
		t.Fatalf("旧姓 in reading: %+v", it)
	}
	p, err := f.db.Person(ctx, f.kurashi, r)
	if err != nil || p.MaidenKana != "サトウ" {
		t.Fatalf("reading of the 旧姓 kept: %q %v", p.MaidenKana, err)
	}
	// the old record carries the 旧姓: registered again under it (divorce)
	married := hanako
	married.FamilyName, married.FamilyKana, married.MaidenName, married.BirthDate, married.GivenName = "田中", "タナカ", "山本", "1970-01-20", "洋子"
	married.GivenKana = "ヨウコ"
	t1 := f.person(t, f.houkatsu, married)
	back := married
	back.FamilyName, back.FamilyKana, back.MaidenName, back.Phone, back.Address = "山本", "ヤマモト", "", "", casework.Address{}
	t2 := f.person(t, f.kurashi, back)
	if it, ok := f.reviewPairs(t, f.admin)[pairKey(t1, t2)]; !ok || it.Same || !slices.Contains(it.Reasons, dedupe.RFormer) {
		t.Fatalf("back to the 旧姓: %+v", it)
	}
	// 通称
	legal := casework.Person{FamilyName: "金", GivenName: "英姫", FamilyKana: "キム", GivenKana: "ヨンヒ", BirthDate: "1975-05-06", Sex: "female", Alias: "金田 英子", AliasKana: "カネダ エイコ"}
	l := f.person(t, f.houkatsu, legal)
	common := f.person(t, f.kurashi, casework.Person{FamilyName: "金田", GivenName: "英子", FamilyKana: "カネダ", GivenKana: "エイコ", BirthDate: "1975-05-06", Sex: "female"})
	if it, ok := f.reviewPairs(t, f.admin)[pairKey(l, common)]; !ok || it.Same || !slices.Contains(it.Reasons, dedupe.RAlias) {
		t.Fatalf("通称: %+v", it)
	}
	// the registration check (the system) finds it too, with the batch
	hits, err := f.db.CheckDuplicates(ctx, f.sys, func() casework.Person {
		q := withMaiden
		q.Identified = true
		_ = q.Normalize(time.Now())
		return q
	}())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hits {
		found = found || (h.PersonID == old && !h.Same)
	}
	if !found {
		t.Fatalf("registration check: %+v", hits)
	}
	var batch []sqldb.DuplicatePair
	if err := f.db.AllDuplicates(ctx, f.sys, func(p sqldb.DuplicatePair) error { batch = append(batch, p); return nil }); err != nil {
		t.Fatal(err)
	}
	inBatch := map[string]bool{}
	for _, p := range batch {
		inBatch[pairKey(p.A, p.B)] = !p.Same
	}
	for _, k := range []string{pairKey(old, m), pairKey(old, r), pairKey(t1, t2), pairKey(l, common)} {
		if !inBatch[k] {
			t.Errorf("batch lacks %s (or takes it for the same person): %+v", k, batch)
		}
	}
	if _, ok := inBatch[pairKey(old, bare)]; ok {
		t.Error("batch proposes the bare surname change")
	}
	// a reading of the 旧姓 without the 旧姓 is refused beside the field
	bad := moved
	bad.MaidenKana = "サトウ"
	bad.Identified = true
	if err := f.db.CreatePerson(ctx, f.kurashi, &bad); casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(casework.ErrorFields(err)["maiden_name_kana"], "旧姓と一緒に") {
		t.Fatalf("reading without the name: %v", err)
	}
}

// TestSamePersonPrecisionRandom: a seeded population registered one by one
// by several organizations — twins, namesakes, persons sharing given name
// and birth date under another surname, and second registrations with one
// kind of difference each (a 旧姓 among them) — and the review list found
// as they arrived: every pair the list takes for the same person is one,
// and the surname changes with a 旧姓 are all proposed. Replay with
// KASANE_SEED.
func TestSamePersonPrecisionRandom(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := strings.TrimSpace(os.Getenv("KASANE_SEED")); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d (KASANE_SEED=%d to replay)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e37))
	f := linkSeed(t)
	fams := [][2]string{{"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"}, {"渡辺", "ワタナベ"}, {"伊藤", "イトウ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}}
	givs := [][3]string{{"花子", "ハナコ", "female"}, {"一郎", "イチロウ", "male"}, {"洋子", "ヨウコ", "female"}, {"翔太", "ショウタ", "male"}, {"美咲", "ミサキ", "female"}, {"健一", "ケンイチ", "male"}}
	orgs := []casework.Actor{f.houkatsu, f.kurashi, f.kodomo}
	used := map[string]bool{} // name and birth date of a human: never two humans
	owner := map[string]int{} // of used keys: the original's index (-1: an "another person")
	key := func(p casework.Person) string {
		return p.FamilyKana + p.GivenKana + p.BirthDate[:4] + p.BirthDate[5:7] + p.BirthDate[8:10]
	}
	keys := func(p casework.Person) []string { // with day and month either way
		return []string{key(p), p.FamilyKana + p.GivenKana + p.BirthDate[:4] + p.BirthDate[8:10] + p.BirthDate[5:7]}
	}
	var fresh func() casework.Person
	fresh = func() casework.Person {
		fm, g := fams[rng.IntN(len(fams))], givs[rng.IntN(len(givs))]
		p := casework.Person{FamilyName: fm[0], FamilyKana: fm[1], GivenName: g[0], GivenKana: g[1], Sex: g[2],
			BirthDate: fmt.Sprintf("%d-%02d-%02d", 1940+rng.IntN(60), 1+rng.IntN(12), 1+rng.IntN(28)),
			Address:   casework.Address{Prefecture: "架空県", City: "かさね市", Street: fmt.Sprintf("本町%d-%d", 1+rng.IntN(5), 1+rng.IntN(30))}}
		for _, k := range keys(p) {
			if used[k] {
				return fresh()
			}
		}
		return p
	}
	type rec struct {
		id, who string // who: the identity of the human
	}
	var all []rec
	var originals []casework.Person
	var maidenPairs [][2]string
	lastTwin := false
	for i := 0; i < 60; i++ {
		p := fresh()
		twin := i > 0 && !lastTwin && rng.IntN(5) == 0
		lastTwin = twin
		if twin { // twin of the previous: same surname, birth, address, another given name
			q := originals[len(originals)-1]
			g := givs[rng.IntN(len(givs))]
			for g[1] == q.GivenKana {
				g = givs[rng.IntN(len(givs))]
			}
			p = q
			p.GivenName, p.GivenKana, p.Sex = g[0], g[1], g[2]
			if used[key(p)] || used[keys(p)[1]] {
				p = fresh()
			}
		}
		for _, k := range keys(p) {
			used[k], owner[k] = true, len(originals)
		}
		originals = append(originals, p)
		all = append(all, rec{f.person(t, orgs[rng.IntN(3)], p), fmt.Sprint("h", i)})
	}
	for i := 0; i < 40; i++ {
		j := rng.IntN(len(originals))
		s := originals[j]
		switch rng.IntN(5) {
		case 0: // married: new surname, moved, 旧姓 recorded
			fm := fams[rng.IntN(len(fams))]
			for fm[1] == s.FamilyKana {
				fm = fams[rng.IntN(len(fams))]
			}
			s.MaidenName, s.FamilyName, s.FamilyKana = s.FamilyName, fm[0], fm[1]
			s.Address.Street = "新町9-9"
		case 1: // day and month swapped
			if s.BirthDate[8:10] <= "12" {
				s.BirthDate = s.BirthDate[:5] + s.BirthDate[8:10] + "-" + s.BirthDate[5:7]
			}
		case 2:
			s.FamilyKana, s.GivenKana = strings.ToLower(s.FamilyKana), s.GivenKana+"ー"
		case 3:
			s.Address = casework.Address{}
		case 4: // another person: same given name and birth date, another surname, no 旧姓
			fm := fams[rng.IntN(len(fams))]
			for fm[1] == s.FamilyKana {
				fm = fams[rng.IntN(len(fams))]
			}
			s.FamilyName, s.FamilyKana = fm[0], fm[1]
			if used[key(s)] || used[keys(s)[1]] {
				continue
			}
			for _, k := range keys(s) {
				used[k], owner[k] = true, -1
			}
			all = append(all, rec{f.person(t, orgs[rng.IntN(3)], s), fmt.Sprint("other", i)})
			continue
		}
		// the copy's name and birth date are this human's: skip a copy that
		// would be another human's (a married copy taking the name of an
		// "another person" made earlier), and keep later ones off its own
		clash := false
		for _, k := range keys(s) {
			clash = clash || (used[k] && owner[k] != j)
		}
		if clash {
			continue
		}
		for _, k := range keys(s) {
			used[k], owner[k] = true, j
		}
		id := f.person(t, orgs[rng.IntN(3)], s)
		all = append(all, rec{id, fmt.Sprint("h", j)})
		if s.MaidenName != "" {
			maidenPairs = append(maidenPairs, [2]string{all[j].id, id})
		}
	}
	who := map[string]string{}
	for _, r := range all {
		who[r.id] = r.who
	}
	list := f.reviewPairs(t, f.admin)
	same := 0
	for _, it := range list {
		if it.Same {
			same++
			if who[it.A.ID] != who[it.B.ID] {
				t.Errorf("seed %d: taken for the same person: %s %s (%s) and %s %s (%s), %d %v", seed, it.A.DisplayName, it.A.BirthShown, who[it.A.ID], it.B.DisplayName, it.B.BirthShown, who[it.B.ID], it.Score, it.Reasons)
			}
		}
	}
	for _, mp := range maidenPairs {
		if it, ok := list[pairKey(mp[0], mp[1])]; !ok || it.Same {
			t.Errorf("seed %d: surname change with 旧姓 not proposed for review: %+v", seed, it)
		}
	}
	if same == 0 {
		t.Fatalf("seed %d: no pair taken for the same person: nothing compared", seed)
	}
	t.Logf("%d records, %d pairs listed, %d as the same person, %d surname changes with 旧姓", len(all), len(list), same, len(maidenPairs))
}

// TestLinkedGroupShownWithinRule4: records decided 「同一人物」 show the
// organizations working with the person to anyone working with one of them
// (search and person links), never the other record's name as recorded
// there, address or case content; an outsider keeps the municipal contact
// point only; a record under DV等支援措置 names no organization to those not
// designated; a privacy officer of an organization on one side may not
// link.
func TestLinkedGroupShownWithinRule4(t *testing.T) {
	f := linkSeed(t)
	ctx := context.Background()
	a := f.person(t, f.houkatsu, hanako)
	caseA := f.caseOf(t, f.houkatsu, a, "介護の相談")
	twin := hanako
	twin.FamilyName, twin.FamilyKana, twin.MaidenName = "鈴木", "スズキ", "佐藤"
	twin.Address = casework.Address{PostalCode: "999-0001", Prefecture: "架空県", City: "かさね市", Street: "秘密町7-7-7"}
	twin.Phone = "080-9999-8888"
	b := f.person(t, f.kurashi, twin)
	f.caseOf(t, f.kurashi, b, "家計の相談（内容は機関内だけ）")

	// rule 0: the kurashi privacy officer's own organization works with b only
	d := sqldb.DuplicateDecision{PersonA: a, PersonB: b, Decision: "same"}
	if err := f.db.DecideDuplicate(ctx, f.kurashiPrivacy, &d); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("privacy officer of one side links: %v", err)
	}
	d = sqldb.DuplicateDecision{PersonA: a, PersonB: b, Decision: "same", Note: "窓口で確認"}
	if err := f.db.DecideDuplicate(ctx, f.privacy, &d); err != nil {
		t.Fatal(err)
	}

	search := func(who casework.Actor, q string) []sqldb.PersonHit {
		t.Helper()
		hits, err := f.db.SearchPersons(ctx, who, q, 20)
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	leak := func(what string, v any) {
		t.Helper()
		j, _ := json.Marshal(v)
		for _, s := range []string{"秘密町", "999-0001", "080-9999-8888", "家計の相談", "鈴木"} {
			if strings.Contains(string(j), s) {
				t.Fatalf("%s leaks %q: %s", what, s, j)
			}
		}
	}
	// a worker of houkatsu: one entry, its own record, both organizations named
	for _, q := range []string{"佐藤花子", "鈴木花子", "はなこ"} {
		hits := search(f.houkatsu, q)
		var mine []sqldb.PersonHit
		for _, h := range hits {
			if h.ID == a || h.ID == b {
				mine = append(mine, h)
			}
		}
		if len(mine) != 1 || mine[0].ID != a || !mine[0].Visible || mine[0].Linked != 1 || !slices.Contains(mine[0].LinkedKnownBy, "くらしサポートセンター") {
			t.Fatalf("%s: houkatsu sees %+v", q, mine)
		}
		leak("search "+q, mine)
	}
	// and the person's links
	links, err := f.db.PersonLinks(ctx, f.houkatsu, a)
	if err != nil || len(links) != 1 || links[0].Visible || links[0].PersonID != "" || !slices.Equal(links[0].Organizations, []string{"くらしサポートセンター"}) {
		t.Fatalf("links for houkatsu: %+v %v", links, err)
	}
	leak("links", links)
	// the other side sees its own record and houkatsu named, with the case's lead
	hits := search(f.kurashi, "佐藤花子")
	if len(hits) != 1 || hits[0].ID != b || !slices.Contains(hits[0].LinkedKnownBy, "地域包括支援センター") {
		t.Fatalf("kurashi sees %+v", hits)
	}
	// an outsider: one entry, the contact point only
	hits = search(f.kodomo, "佐藤花子")
	if len(hits) != 1 || hits[0].Visible || hits[0].Inquiry == nil || len(hits[0].KnownBy) != 0 || len(hits[0].LinkedKnownBy) != 0 || hits[0].Linked != 0 {
		t.Fatalf("outsider sees %+v", hits)
	}
	if _, err := f.db.PersonLinks(ctx, f.kodomo, a); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("outsider reads links: %v", err)
	}
	// a third record, houkatsu's own, linked by houkatsu's worker (sees both): shown in full
	own := hanako
	own.GivenKana = "はなこ"
	c := f.person(t, f.houkatsu, own)
	caseC := f.caseOf(t, f.houkatsu, c, "別の窓口での相談")
	dc := sqldb.DuplicateDecision{PersonA: a, PersonB: c, Decision: "same"}
	if err := f.db.DecideDuplicate(ctx, f.houkatsu, &dc); err != nil {
		t.Fatal(err)
	}
	links, err = f.db.PersonLinks(ctx, f.houkatsu, a)
	if err != nil || len(links) != 2 {
		t.Fatalf("links with a third record: %+v %v", links, err)
	}
	for _, l := range links {
		if l.Visible && (l.PersonID != c || len(l.Cases) != 1 || l.Cases[0].ID != caseC || !l.Cases[0].Readable) {
			t.Fatalf("own linked record: %+v", l)
		}
	}
	leak("links with a third record", links)
	// from b's side (kurashi): a and c are houkatsu's, shown as contacts; one entry in search
	if l, err := f.db.PersonLinks(ctx, f.kurashi, b); err != nil || len(l) != 2 || l[0].Visible || l[1].Visible {
		t.Fatalf("kurashi's links: %+v %v", l, err)
	}
	if h := search(f.kurashi, "さとうはなこ"); len(h) != 1 || h[0].ID != b || h[0].Linked != 2 {
		t.Fatalf("kurashi's search of a group of three: %+v", h)
	}
	_ = caseA
	// DV: the twin under DV等支援措置, houkatsu not designated: no organization named
	p, err := f.db.Person(ctx, f.kurashi, b)
	if err != nil {
		t.Fatal(err)
	}
	p.DVProtected = true
	if err := f.db.UpdatePerson(ctx, f.kurashi, &p); err != nil {
		t.Fatal(err)
	}
	links, err = f.db.PersonLinks(ctx, f.houkatsu, a)
	if err != nil || len(links) != 2 {
		t.Fatalf("DV twin's links: %+v %v", links, err)
	}
	for _, l := range links {
		if !l.Visible && (len(l.Organizations) != 0 || l.Inquiry == nil || l.RegisteredBy != "") {
			t.Fatalf("DV twin's link: %+v", l)
		}
	}
	leak("DV links", links)
	hits = search(f.houkatsu, "佐藤花子")
	if len(hits) != 1 || len(hits[0].LinkedKnownBy) != 0 || hits[0].Inquiry == nil {
		t.Fatalf("DV twin in search: %+v", hits)
	}
	leak("DV search", hits)
	// revoked: two entries again, nothing linked
	if _, err := f.db.RevokeDuplicateDecision(ctx, f.privacy, d.ID, d.Version); err != nil {
		t.Fatal(err)
	}
	if links, err := f.db.PersonLinks(ctx, f.houkatsu, a); err != nil || len(links) != 1 || !links[0].Visible {
		t.Fatalf("after revoke: %+v %v", links, err)
	}
	// reading the links is audited
	ev, err := f.db.AuditEvents(ctx, f.privacy, sqldb.AuditFilter{ObjectID: a})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ev {
		if e.ObjectType == "person_links" {
			n++
		}
	}
	if n < 3 {
		t.Fatalf("link reads audited %d times", n)
	}
}

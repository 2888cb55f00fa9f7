package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

type checkFixture struct {
	db        *sqldb.DB
	sys, mine casework.Actor // mine: a worker of the organization that registers the persons
	other     casework.Actor // a worker of another organization
}

func checkSeed(t *testing.T) checkFixture {
	t.Helper()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	o1 := sqldbtest.Org(t, db, sys, "地域包括支援センター", "community_support_center")
	o2 := sqldbtest.Org(t, db, sys, "障害者相談支援事業所あおば", "disability_consultation")
	_, mine := sqldbtest.User(t, db, sys, o1, "hk@example.jp", "worker")
	_, other := sqldbtest.User(t, db, sys, o2, "ao@example.jp", "worker")
	return checkFixture{db: db, sys: sys, mine: mine, other: other}
}

func (f checkFixture) register(t *testing.T, a casework.Actor, p casework.Person) string {
	t.Helper()
	p.Identified = true
	if err := f.db.CreatePerson(context.Background(), a, &p); err != nil {
		t.Fatalf("register %s%s: %v", p.FamilyName, p.GivenName, err)
	}
	return p.ID
}

func (f checkFixture) check(t *testing.T, a casework.Actor, p casework.Person) map[string]sqldb.DuplicateHit {
	t.Helper()
	p.Identified = true
	if err := p.Normalize(time.Now()); err != nil {
		t.Fatal(err)
	}
	hits, err := f.db.CheckDuplicates(context.Background(), a, p)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]sqldb.DuplicateHit{}
	for _, h := range hits {
		out[h.PersonID] = h
	}
	return out
}

// TestCheckDuplicatesByBirthDate pins the lookup by birth date, which reads
// the names first and the rows only of those whose names may match: a person
// registered with the year (or year and month) alone and the same name is
// found, one with other names is not reported (the score says it cannot
// reach review), one sharing only the given name and reading is found when
// the rest adds up, a name holding the separator of the lookup is still
// compared, and rule 4 holds over the hits.
func TestCheckDuplicatesByBirthDate(t *testing.T) {
	f := checkSeed(t)
	addr := casework.Address{PostalCode: "123-4567", Prefecture: "架空県", City: "かさね市", Street: "本町1-2-3"}
	yearOnly := f.register(t, f.mine, casework.Person{FamilyName: "山田", GivenName: "太郎", FamilyKana: "ヤマダ", GivenKana: "タロウ", BirthDate: "1950"})
	yearMonth := f.register(t, f.mine, casework.Person{FamilyName: "山田", GivenName: "太郎", FamilyKana: "ヤマダ", GivenKana: "タロウ", BirthDate: "1950-03"})
	stranger := f.register(t, f.mine, casework.Person{FamilyName: "佐藤", GivenName: "花子", FamilyKana: "サトウ", GivenKana: "ハナコ", BirthDate: "1950", Address: addr})
	married := f.register(t, f.mine, casework.Person{FamilyName: "鈴木", GivenName: "太郎", FamilyKana: "スズキ", GivenKana: "タロウ", BirthDate: "1950-03-12", Address: addr})
	odd := f.register(t, f.mine, casework.Person{FamilyName: "山\x1f田", GivenName: "太郎", FamilyKana: "ヤマノ", GivenKana: "タロウ", BirthDate: "1950-03-12", Address: addr})
	elsewhere := f.register(t, f.other, casework.Person{FamilyName: "山田", GivenName: "太郎", FamilyKana: "ヤマダ", GivenKana: "タロウ", BirthDate: "1950"})

	p := casework.Person{FamilyName: "山田", GivenName: "太郎", FamilyKana: "ヤマダ", GivenKana: "タロウ", BirthDate: "1950-03-12", Address: addr}
	hits := f.check(t, f.sys, p)
	for _, id := range []string{yearOnly, yearMonth, married, odd, elsewhere} {
		if _, ok := hits[id]; !ok {
			t.Errorf("not found: %s (hits %v)", id, hits)
		}
	}
	if h, ok := hits[stranger]; ok {
		t.Errorf("a person of the same year with other names reported: %+v", h)
	}
	if h := hits[yearOnly]; !reflect.DeepEqual(h.Reasons, []string{dedupe.RName, dedupe.RKana, dedupe.RBirthPart}) || h.Score != 65 {
		t.Errorf("year alone: %+v", h)
	}
	if h := hits[married]; !reflect.DeepEqual(h.Reasons, []string{dedupe.RGivenOnly, dedupe.RBirth, dedupe.RPostal, dedupe.RStreet}) {
		t.Errorf("given name alone: %+v", h)
	}
	// rule 4: the worker sees the persons of her organization, not the one
	// registered elsewhere (no case); the other organization the reverse
	mine := f.check(t, f.mine, p)
	if _, ok := mine[elsewhere]; ok || len(mine) != len(hits)-1 {
		t.Errorf("worker sees %v", mine)
	}
	if theirs := f.check(t, f.other, p); len(theirs) != 1 || theirs[elsewhere].PersonID == "" {
		t.Errorf("other organization sees %v", theirs)
	}
}

// TestCheckDuplicatesSameAsPlainLookup compares the check with the plain
// lookup (every person sharing a blocking key, all columns from the table,
// none passed over) over a population crowded with namesakes, shared birth
// dates and years, at the default thresholds and at a review threshold low
// enough that no candidate may be passed over.
func TestCheckDuplicatesSameAsPlainLookup(t *testing.T) {
	f := checkSeed(t)
	ctx := context.Background()
	fams := [][2]string{{"山田", "ヤマダ"}, {"髙橋", "タカハシ"}, {"高橋", "タカハシ"}, {"佐藤", "サトウ"}, {"斉藤", "サイトウ"}, {"齋藤", "サイトウ"}, {"伊藤", "イトウ"}}
	givs := [][2]string{{"太郎", "タロウ"}, {"花子", "ハナコ"}, {"一郎", "イチロウ"}, {"翔太", "ショウタ"}, {"翔平", "ショウヘイ"}, {"洋子", "ヨウコ"}}
	rng := rand.New(rand.NewPCG(1, 2))
	person := func() casework.Person {
		fm, gv := fams[rng.IntN(len(fams))], givs[rng.IntN(len(givs))]
		y, m, d := 1950+rng.IntN(2), 1+rng.IntN(3), 1+rng.IntN(4)
		birth := fmt.Sprintf("%d-%02d-%02d", y, m, d)
		switch rng.IntN(5) {
		case 0:
			birth = birth[:4]
		case 1:
			birth = birth[:7]
		case 2:
			birth = fmt.Sprintf("%d-%02d-%02d", y, d, m) // day and month swapped
		}
		p := casework.Person{FamilyName: fm[0], GivenName: gv[0], FamilyKana: fm[1], GivenKana: gv[1], BirthDate: birth,
			Sex: []string{"male", "female", "unknown"}[rng.IntN(3)]}
		if rng.IntN(3) == 0 {
			p.Phone = fmt.Sprintf("090-0000-%04d", rng.IntN(20))
		}
		if rng.IntN(2) == 0 {
			p.Address = casework.Address{PostalCode: "123-4567", Prefecture: "架空県", City: "かさね市", Street: fmt.Sprintf("本町%d", rng.IntN(3))}
		}
		return p
	}
	for i := 0; i < 150; i++ {
		f.register(t, f.mine, person())
	}
	compare := func(label string) {
		n := 0
		for i := 0; i < 60; i++ {
			p := person()
			p.Identified = true
			if err := p.Normalize(time.Now()); err != nil {
				t.Fatal(err)
			}
			got, err := f.db.CheckDuplicates(ctx, f.sys, p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := sqldb.CheckReference(ctx, f.db, f.sys.MunicipalityID, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			n++
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %s%s %s:\n got  %+v\n want %+v", label, p.FamilyName, p.GivenName, p.BirthDate, got, want)
			}
		}
		if n < 30 {
			t.Fatalf("%s: only %d checks with hits", label, n)
		}
	}
	compare("default thresholds")
	if err := f.db.SaveSettings(ctx, f.sys, casework.Settings{DuplicateSameScore: 80, DuplicateReviewScore: 20}); err != nil {
		t.Fatal(err)
	}
	compare("review at 20")
}

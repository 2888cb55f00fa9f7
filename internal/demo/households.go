package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// The demo households are a story told in the past: every registration,
// consent, contact and status change happens on the day the seed says,
// counted back from the demo's clock (db.Now). The clock is set back for
// each step and restored at the end, so dates, teams, the audit trail and
// the watches (an overdue referral, a case nobody touched for 40 days) are
// what a newcomer would see in a municipality that has used kasane for
// months. Everything goes through the sqldb services, as the right user.

// Organization names of orgSeeds used by the households.
const (
	oHoukatsu  = "かさね市 北部地域包括支援センター"
	oAoba      = "相談支援事業所 あおば"
	oKurashi   = "かさね市 くらしサポートセンター"
	oKodomo    = "かさね市 こども家庭センター"
	oShakyo    = "かさね市社会福祉協議会"
	oTsumugi   = "多機関協働センター つむぎ"
	oMichikusa = "NPO法人 みちくさ（参加支援）"
	oEngawa    = "まちの縁側プロジェクト"
	oJiso      = "県中央児童相談所"
	oHoken     = "かさね市 保健センター"
	oKyoiku    = "かさね市教育委員会"
	oByoin     = "かさね中央病院 医療福祉相談室"
	oHidamari  = "NPO法人 ひだまり"
	oShohi     = "かさね市 消費生活センター"
	oCity      = "かさね市 福祉総合相談課"
)

type household struct {
	key, label, kind string
	by               string // user (email local part) who registers it
	addr             casework.Address
	members          []member
	relations        []relation
	cases            []caseSeed
}

type member struct {
	key                      string
	fam, giv, famKana, given string // given is the given-name kana
	age                      int
	md                       string // birthday MM-DD; empty: only the year is known
	sex, rel                 string
	roles                    []string
	apart                    bool
	addr                     *casework.Address // when living apart
	phone, alias             string
	dv                       bool
	by                       string // registered by another user (after joining a team)
	day                      int    // days ago, with by
}

type relation struct{ from, to, kind, quality string }

type caseSeed struct {
	key, by, focus       string
	day                  int    // received, days ago
	hm                   string // time of the intake when not 09:10
	route, method        string
	bunya, problems      []string
	complaint, screening string
	// intake: the 相談受付・申込票 items (紹介元, 来談者, 緊急度, B票 …)
	intake casework.CaseIntake
	events []event
}

// event is one thing that happens to a case: a contact, consent, team
// member, referral (or its answer) or status change.
type event struct {
	day                          int
	hm, by, kind                 string
	method, counterpart, content string
	minutes                      int
	jigyo, bunya                 string
	org, role, statute, action   string
	givenBy                      string
	recipients                   []string
	cats                         []string // consent: data categories (default: all)
	dueDays                      int
	transfer                     bool // refer: 主担当を引き継ぐ (transfer_lead)
	referredDay                  int  // refer: made this many days ago (late entry), 0: the day entered
}

// step is one action at one instant of the story.
type step struct {
	at   time.Time
	what string
	do   func(ctx context.Context) error
}

type story struct {
	db      *sqldb.DB
	today   time.Time // midnight JST of the demo's day
	orgID   map[string]string
	users   map[string]casework.User
	persons map[string]string // household/member → person id
	homes   map[string]string // household → household id
	cases   map[string]string // household/case → case id
	refs    map[string]string // case id/org → referral id
	items   map[string]string // case/agenda → meeting item id
	steps   []step
}

// seedHouseholds registers the demo households with their cases. It runs
// once, right after the demo municipality is created.
func seedHouseholds(ctx context.Context, db *sqldb.DB, orgID map[string]string, users map[string]casework.User) error {
	realNow := db.Now
	defer func() { db.Now = realNow }()
	now := realNow()
	y, m, d := now.In(casework.JST).Date()
	s := &story{db: db, today: time.Date(y, m, d, 0, 0, 0, 0, casework.JST), orgID: orgID, users: users,
		persons: map[string]string{}, homes: map[string]string{}, cases: map[string]string{}, refs: map[string]string{}, items: map[string]string{}}
	for _, h := range demoHouseholds() {
		if err := s.plan(h); err != nil {
			return err
		}
	}
	s.planCommunity()
	sort.SliceStable(s.steps, func(i, j int) bool { return s.steps[i].at.Before(s.steps[j].at) })
	for _, st := range s.steps {
		if !st.at.Before(now) {
			return fmt.Errorf("デモ世帯: %s の日時が未来です", st.what)
		}
		at := st.at
		db.Now = func() time.Time { return at }
		if err := st.do(ctx); err != nil {
			return fmt.Errorf("デモ世帯: %s: %w", st.what, err)
		}
	}
	return nil
}

// at is the instant daysAgo days before the demo's day at hm (JST).
func (s *story) at(daysAgo int, hm string) time.Time {
	var h, m int
	fmt.Sscanf(hm, "%d:%d", &h, &m)
	return s.today.AddDate(0, 0, -daysAgo).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func (s *story) add(at time.Time, what string, do func(ctx context.Context) error) {
	s.steps = append(s.steps, step{at: at, what: what, do: do})
}

func (s *story) actor(by string) (casework.Actor, error) {
	u, ok := s.users[by+"@demo.kasane.example"]
	if !ok {
		return casework.Actor{}, fmt.Errorf("デモ職員 %s がいません", by)
	}
	return sqldb.ActorFor(u), nil
}

func (s *story) org(name string) (string, error) {
	id, ok := s.orgID[name]
	if !ok {
		return "", fmt.Errorf("デモ機関 %s がありません", name)
	}
	return id, nil
}

// birth returns the birth date of someone age years old on the demo's day.
func (s *story) birth(age int, md string) string {
	y := s.today.Year() - age
	if md == "" {
		return fmt.Sprintf("%d", y)
	}
	if md > s.today.Format("01-02") {
		y--
	}
	return fmt.Sprintf("%d-%s", y, md)
}

// plan turns a household into steps: its members on the day of its first
// case, then the cases with their events.
func (s *story) plan(h household) error {
	first := 0
	for _, c := range h.cases {
		if c.day > first {
			first = c.day
		}
	}
	for _, m := range h.members {
		if err := s.planMember(h, m, first); err != nil {
			return err
		}
	}
	regAt := s.at(first, "09:00")
	s.add(regAt, h.label, func(ctx context.Context) error {
		a, err := s.actor(h.by)
		if err != nil {
			return err
		}
		hh := casework.Household{Label: h.label, Kind: h.kind}
		if err := s.db.CreateHousehold(ctx, a, &hh); err != nil {
			return err
		}
		s.homes[h.key] = hh.ID
		return nil
	})
	late := map[string]member{}
	for _, m := range h.members {
		if m.by != "" {
			late[m.key] = m
			continue
		}
		s.planJoin(h, m, h.by, regAt)
	}
	for _, r := range h.relations {
		at := regAt
		for _, k := range []string{r.from, r.to} {
			if m, ok := late[k]; ok {
				at = s.at(m.day, "16:05")
			}
		}
		s.planRelation(h, r, h.by, at)
	}
	for _, c := range h.cases {
		if err := s.planCase(h, c); err != nil {
			return err
		}
	}
	return nil
}

func (s *story) planMember(h household, m member, first int) error {
	by, at := h.by, s.at(first, "08:50")
	if m.by != "" {
		at = s.at(m.day, "15:50")
	}
	addr := h.addr
	if m.addr != nil {
		addr = *m.addr
	}
	p := casework.Person{Identified: true, FamilyName: m.fam, GivenName: m.giv, FamilyKana: m.famKana, GivenKana: m.given,
		Alias: m.alias, BirthDate: s.birth(m.age, m.md), Sex: m.sex, Address: addr, Phone: m.phone, DVProtected: m.dv}
	if strings.TrimSpace(m.fam) == "" {
		return fmt.Errorf("デモ世帯 %s: 世帯員 %s の氏がありません", h.key, m.key)
	}
	s.add(at, h.label+" "+m.fam+" "+m.giv, func(ctx context.Context) error {
		a, err := s.actor(by)
		if err != nil {
			return err
		}
		q := p
		if err := s.db.CreatePerson(ctx, a, &q); err != nil {
			return err
		}
		s.persons[h.key+"/"+m.key] = q.ID
		return nil
	})
	if m.by != "" {
		// rule 0: the household's organization adds its own record of the
		// member; the organization that took the member's own consultation
		// registers its own record of what it heard (名寄せ links the two)
		s.planJoin(h, m, h.by, s.at(m.day, "16:00"))
		s.add(s.at(m.day, "15:55"), h.label+" "+m.fam+" "+m.giv+"（"+m.by+"）", func(ctx context.Context) error {
			a, err := s.actor(m.by)
			if err != nil {
				return err
			}
			q := p
			if err := s.db.CreatePerson(ctx, a, &q); err != nil {
				return err
			}
			s.persons[h.key+"/"+m.key+"@"+m.by] = q.ID
			return nil
		})
	}
	for _, c := range h.cases {
		if c.focus == m.key && c.by != h.by && m.by != c.by {
			return fmt.Errorf("デモ世帯 %s: %s のケースは %s の記録が必要です（世帯員の by）", h.key, m.key, c.by)
		}
	}
	return nil
}

func (s *story) planJoin(h household, m member, by string, at time.Time) {
	s.add(at, h.label+" 世帯員 "+m.fam+" "+m.giv, func(ctx context.Context) error {
		a, err := s.actor(by)
		if err != nil {
			return err
		}
		hm := casework.HouseholdMember{PersonID: s.persons[h.key+"/"+m.key], Relationship: m.rel, Cohabiting: !m.apart, Roles: m.roles}
		return s.db.AddHouseholdMember(ctx, a, s.homes[h.key], &hm)
	})
}

func (s *story) planRelation(h household, r relation, by string, at time.Time) {
	s.add(at, h.label+" 関係 "+r.from+"-"+r.to, func(ctx context.Context) error {
		a, err := s.actor(by)
		if err != nil {
			return err
		}
		rel := casework.PersonRelation{FromPersonID: s.persons[h.key+"/"+r.from], ToPersonID: s.persons[h.key+"/"+r.to], Kind: r.kind, Quality: r.quality}
		return s.db.AddRelation(ctx, a, &rel)
	})
}

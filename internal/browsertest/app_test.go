package browsertest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
	"kasane/internal/web"
)

// password is the password of every test user.
const password = "ながいパスワード-2026"

var (
	hashOnce sync.Once
	pwHash   string
	hashErr  error
)

// app is kasane running in-process on a fresh database with a municipality,
// organizations and users.
type app struct {
	t     *testing.T
	db    *sqldb.DB
	sys   casework.Actor
	url   string
	orgs  map[string]casework.Organization
	users map[string]casework.User
}

// orgSeeds are the organizations of every test: key, name, kind.
var orgSeeds = [][3]string{
	{"houkatsu", "北部地域包括支援センター", "community_support_center"},
	{"kurashi", "くらしサポートセンター", "self_reliance_support"},
	{"kodomo", "こども家庭センター", "child_family_center"},
	{"city", "福祉総合相談課", "municipal_section"},
	{"takikan", "多機関協働センター", "multi_agency"},
}

// userSeeds are the users of every test: key (e-mail is key@example.jp),
// organization key, role.
var userSeeds = [][3]string{
	{"worker", "houkatsu", "worker"}, {"worker2", "kurashi", "worker"}, {"kodomo", "kodomo", "worker"},
	{"coord", "takikan", "coordinator"}, {"admin", "city", "municipal_admin"}, {"privacy", "city", "privacy_officer"},
	// the municipality's 支援決定権者 and the 支援会議 事務局 (issue 19)
	{"decider", "city", "decision_maker"}, {"jimu", "city", "worker"},
}

// newApp starts kasane on a fresh database. With mfa the municipality keeps
// its default (the second factor is required); otherwise it is turned off.
func newApp(t *testing.T, mfa bool) *app {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(t)
	// TOTP secrets are encrypted at rest with the server's key
	if err := db.SetSecretKey(bytes.Repeat([]byte{7}, 32)); err != nil {
		t.Fatal(err)
	}
	m, err := db.CreateMunicipality(ctx, "999996", "かさね市")
	if err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, db: db, sys: casework.System(m.ID), orgs: map[string]casework.Organization{}, users: map[string]casework.User{}}
	if !mfa {
		off := false
		if err := db.SaveSettings(ctx, a.sys, casework.Settings{RequireMFA: &off}); err != nil {
			t.Fatal(err)
		}
	}
	hashOnce.Do(func() { pwHash, hashErr = auth.HashPasswordWith(password, auth.TestParams) })
	if hashErr != nil {
		t.Fatal(hashErr)
	}
	for _, o := range orgSeeds {
		org := casework.Organization{Name: o[1], Kind: o[2]}
		if err := db.CreateOrganization(ctx, a.sys, &org); err != nil {
			t.Fatal(err)
		}
		a.orgs[o[0]] = org
	}
	for _, u := range userSeeds {
		user := casework.User{OrganizationID: a.orgs[u[1]].ID, Email: u[0] + "@example.jp", Name: "職員 " + u[0], Roles: []string{u[2]}}
		if err := db.CreateUser(ctx, a.sys, &user, pwHash); err != nil {
			t.Fatal(err)
		}
		a.users[u[0]] = user
	}
	a.serve(config.Default())
	return a
}

// serve starts the web server of a on a loopback port.
func (a *app) serve(cfg config.Config) {
	cfg.InsecureCookies = true
	srv, err := web.New(cfg, a.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		a.t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	a.t.Cleanup(ts.Close)
	a.url = ts.URL
}

// as is the actor of a user key, for seeding data directly.
func (a *app) as(user string) casework.Actor { return sqldb.ActorFor(a.users[user]) }

// person registers a person as user and returns it.
func (a *app) person(user, family, given, familyKana, givenKana, birth string) casework.Person {
	a.t.Helper()
	p := casework.Person{FamilyName: family, GivenName: given, FamilyKana: familyKana, GivenKana: givenKana,
		BirthDate: birth, Sex: "female", Phone: "090-0000-0000", Address: casework.Address{City: "かさね市"}}
	if err := a.db.CreatePerson(context.Background(), a.as(user), &p); err != nil {
		a.t.Fatal(err)
	}
	return p
}

// caseFor opens a consultation for the person as user.
func (a *app) caseFor(user, personID string) casework.Case {
	a.t.Helper()
	c := casework.Case{FocusPersonID: personID, ReceivedOn: "2026-05-20", Route: "本人", Method: "来所",
		Bunya: []string{"kaigo"}, Problems: []string{"介護"}, Complaint: "母の介護のことで相談したい。"}
	if err := a.db.CreateCase(context.Background(), a.as(user), &c); err != nil {
		a.t.Fatal(err)
	}
	return c
}

// consent records the person's consent to share with the organizations.
func (a *app) consent(user, personID string, orgs ...string) casework.Consent {
	a.t.Helper()
	c := casework.Consent{PersonID: personID, GivenBy: "本人", GivenOn: "2026-05-20", Method: "署名",
		DataCategories: []string{"basic", "household", "health", "finance", "records"},
		Purposes:       []string{"支援の検討", "関係機関との情報共有", "重層的支援会議での検討"},
		MeetingTypes:   []string{"jusoteki_shien_kaigi", "shien_kaigi"}}
	for _, o := range orgs {
		c.Recipients = append(c.Recipients, a.orgs[o].ID)
	}
	if err := a.db.RecordConsent(context.Background(), a.as(user), &c); err != nil {
		a.t.Fatal(err)
	}
	return c
}

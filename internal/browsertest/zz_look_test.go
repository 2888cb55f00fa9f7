package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/demo"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

func TestBrowserLook(t *testing.T) {
	dir := os.Getenv("LOOK")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	kodomoU, _ := db.UserByEmail(ctx, "kodomo@demo.kasane.example")
	kodomo := sqldb.ActorFor(kodomoU)
	orgs, _ := db.Organizations(ctx, kodomo)
	var kyoikuOrg casework.Organization
	for _, o := range orgs {
		if o.Name == "かさね市教育委員会" {
			kyoikuOrg = o
		}
	}
	hash, _ := auth.HashPassword(demo.Password)
	ku := casework.User{OrganizationID: kyoikuOrg.ID, Email: "kyoiku@demo.test", Name: "教育 太郎", Roles: []string{"worker"}}
	if err := db.CreateUser(ctx, casework.System(kodomo.MunicipalityID), &ku, hash); err != nil {
		t.Fatal(err)
	}
	cases, _ := db.Cases(ctx, kodomo, sqldb.CaseFilter{Limit: 500})
	var dv casework.Case
	for _, c := range cases {
		if c.FocusName != "" && c.FocusName[:len("中島")] == "中島" {
			dv = c
		}
	}
	a := &app{t: t, db: db, orgs: map[string]casework.Organization{}, users: map[string]casework.User{}}
	cfg := config.Default()
	cfg.Demo = true
	a.serve(cfg)
	login := func(email, pw string) *tab {
		b := newTab(t, a.url)
		b.open("/login")
		b.typeIn("#f-email", email)
		b.typeIn("#f-password", pw)
		b.click(`form[action="/login"] button[type=submit]`)
		return b
	}
	shot := func(b *tab, name string) {
		for _, sz := range [][2]int64{{1366, 900}, {1280, 720}} {
			if _, err := chromedp.Call(b.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: sz[0], Height: sz[1], DeviceScaleFactor: 1}); err != nil {
				t.Fatal(err)
			}
			png := run(b, chromedp.FullScreenshot(90))
			_ = os.WriteFile(filepath.Join(dir, name+"-"+itoa(sz[0])+".jpg"), png, 0o644)
		}
	}
	b := login("kodomo@demo.kasane.example", demo.Password)
	b.open("/persons/" + dv.FocusPersonID)
	shot(b, "kodomo-person")
	b.open("/cases/" + dv.ID)
	shot(b, "kodomo-case")
	k := login("kyoiku@demo.test", demo.Password)
	k.open("/cases/" + dv.ID)
	shot(k, "kyoiku-case")
	p := login("privacy@demo.kasane.example", demo.Password)
	p.open("/audit/approvals")
	shot(p, "privacy-approvals")
}

func itoa(n int64) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

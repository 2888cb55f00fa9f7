// Package demo seeds a fictional municipality so a newcomer sees a living
// system: organizations of every kind and one user per role. Every name in
// it is invented.
package demo

import (
	"context"
	"fmt"
	"time"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// Password is the shared password of the demo users (printed at start).
const Password = "kasane-demo-2026"

// MunicipalityCode is the code of the fictional demo municipality.
const MunicipalityCode = "999991"

// Login is one printed demo login.
type Login struct{ Email, Role, Org string }

type orgSeed struct {
	name, kind string
	bunya      []string
	jigyo      []string
	contracted bool
}

var orgSeeds = []orgSeed{
	{"かさね市 福祉総合相談課", "municipal_section", []string{"kaigo", "shogai", "kodomo", "konkyu"}, []string{"sodan", "takikan", "plan"}, false},
	{"かさね市 北部地域包括支援センター", "community_support_center", []string{"kaigo"}, []string{"sodan"}, true},
	{"相談支援事業所 あおば", "disability_consultation", []string{"shogai"}, []string{"sodan"}, true},
	{"かさね市 くらしサポートセンター", "self_reliance_support", []string{"konkyu"}, []string{"sodan"}, true},
	{"かさね市 こども家庭センター", "child_family_center", []string{"kodomo"}, []string{"sodan"}, false},
	{"かさね市社会福祉協議会", "social_welfare_council", []string{"kaigo", "shogai", "kodomo", "konkyu"}, []string{"sodan", "chiiki", "outreach"}, true},
	{"多機関協働センター つむぎ", "multi_agency", []string{"other"}, []string{"takikan", "plan"}, true},
	{"NPO法人 みちくさ（参加支援）", "participation_support", []string{"other"}, []string{"sanka"}, true},
	{"まちの縁側プロジェクト", "community_building", []string{"other"}, []string{"chiiki"}, true},
	{"県中央児童相談所", "child_guidance_center", []string{"kodomo"}, nil, false},
	{"かさね市 保健センター", "health_center", []string{"kaigo", "kodomo"}, nil, false},
	{"かさね市教育委員会", "school", []string{"kodomo"}, nil, false},
	{"かさね中央病院 医療福祉相談室", "medical", []string{"other"}, nil, false},
	{"かさね市 民生委員児童委員協議会", "welfare_commissioner", []string{"other"}, []string{"outreach"}, false},
	{"NPO法人 ひだまり", "npo", []string{"kodomo", "konkyu"}, []string{"chiiki"}, false},
	{"株式会社 かさね農園", "business", []string{"other"}, nil, false},
	{"かさね市 消費生活センター", "other", []string{"konkyu"}, nil, false},
	// a section of the town hall that sends 庁内つなぎ票 (issue 22)
	{"かさね市 税務課", "municipal_section", nil, nil, false},
}

type userSeed struct {
	email, name, org string
	roles            []string
}

var userSeeds = []userSeed{
	{"worker@demo.kasane.example", "相談 花子", "かさね市 北部地域包括支援センター", []string{"worker"}},
	{"coordinator@demo.kasane.example", "協働 一郎", "多機関協働センター つむぎ", []string{"coordinator", "worker"}},
	{"outreach@demo.kasane.example", "訪問 次郎", "かさね市社会福祉協議会", []string{"outreach"}},
	{"participation@demo.kasane.example", "参加 三恵", "NPO法人 みちくさ（参加支援）", []string{"participation"}},
	{"community@demo.kasane.example", "地域 結衣", "まちの縁側プロジェクト", []string{"community"}},
	{"admin@demo.kasane.example", "管理 正", "かさね市 福祉総合相談課", []string{"municipal_admin"}},
	{"privacy@demo.kasane.example", "保護 守", "かさね市 福祉総合相談課", []string{"privacy_officer"}},
	{"viewer@demo.kasane.example", "閲覧 見", "かさね市 福祉総合相談課", []string{"viewer"}},
	// the municipality's 支援決定権者 and the 支援会議 事務局 (issue 19)
	{"decision@demo.kasane.example", "決定 誠", "かさね市 福祉総合相談課", []string{"decision_maker"}},
	{"jimukyoku@demo.kasane.example", "事務 局子", "かさね市 福祉総合相談課", []string{"worker"}},
	{"kodomo@demo.kasane.example", "子守 陽子", "かさね市 こども家庭センター", []string{"worker"}},
	{"kurashi@demo.kasane.example", "生活 拓也", "かさね市 くらしサポートセンター", []string{"worker"}},
	{"shogai@demo.kasane.example", "支援 恵美", "相談支援事業所 あおば", []string{"worker"}},
	// a host (受け入れ先): sees only かさね農園's placements and sessions
	{"host@demo.kasane.example", "農園 実", "株式会社 かさね農園", []string{"host"}},
	// the 税務課's 庁内つなぎ担当 (issue 22): sends つなぎ票, reads no case
	{"liaison@demo.kasane.example", "庁内 つなぐ", "かさね市 税務課", []string{"liaison"}},
}

// Seed creates the demo municipality unless it exists, and returns the
// logins either way.
func Seed(ctx context.Context, db *sqldb.DB) ([]Login, error) {
	var logins []Login
	for _, u := range userSeeds {
		logins = append(logins, Login{Email: u.email, Role: casework.Roles.Label(u.roles[0]), Org: u.org})
	}
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Code == MunicipalityCode {
			return logins, nil
		}
	}
	m, err := db.CreateMunicipality(ctx, MunicipalityCode, "かさね市（架空）")
	if err != nil {
		return nil, err
	}
	sys := casework.System(m.ID)
	off := false
	if err := db.SaveSettings(ctx, sys, casework.Settings{RequireMFA: &off}); err != nil {
		return nil, err
	}
	orgID := map[string]string{}
	for _, s := range orgSeeds {
		o := casework.Organization{Name: s.name, Kind: s.kind, Bunya: s.bunya, Jigyo: s.jigyo, Contracted: s.contracted}
		if err := db.CreateOrganization(ctx, sys, &o); err != nil {
			return nil, fmt.Errorf("org %s: %w", s.name, err)
		}
		orgID[s.name] = o.ID
	}
	// the 要対協's member list (構成機関名簿) of this and the last fiscal year
	var roster []string
	for _, name := range []string{"かさね市 福祉総合相談課", "かさね市 こども家庭センター", "県中央児童相談所", "かさね市 保健センター", "かさね市教育委員会",
		"かさね市社会福祉協議会", "多機関協働センター つむぎ", "かさね市 民生委員児童委員協議会"} {
		roster = append(roster, orgID[name])
	}
	fy := casework.FiscalYearOf(casework.Today(time.Now()))
	for _, y := range []int{fy - 1, fy} {
		if err := db.SetYotaikyoMembers(ctx, sys, y, roster); err != nil {
			return nil, err
		}
	}
	if err := seedReportTargets(ctx, db, sys, fy); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	users := map[string]casework.User{}
	for _, s := range userSeeds {
		u := casework.User{OrganizationID: orgID[s.org], Email: s.email, Name: s.name, Roles: s.roles}
		if err := db.CreateUser(ctx, sys, &u, hash); err != nil {
			return nil, fmt.Errorf("user %s: %w", s.email, err)
		}
		users[s.email] = u
	}
	if err := seedHouseholds(ctx, db, orgID, users); err != nil {
		return nil, err
	}
	if err := seedDisclosure(ctx, db); err != nil { // issue 23
		return nil, err
	}
	return logins, nil
}

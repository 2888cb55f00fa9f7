package sqldb

import (
	"context"
	"sort"
	"strings"
	"time"

	"kasane/internal/casework"
)

// The live configuration the 個人情報ファイル簿 (個人情報保護法第75条) is made
// from: what kasane keeps (the schema), for whom, how it was collected and to
// whom it is regularly given (consent recipients, statutory bases, the
// rosters of the meetings that share under a statute). Counts and names of
// organizations only: no resident.

// RegisterCount is a value with how many records carry it.
type RegisterCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// RegisterRecipient is an organization the records are regularly given to,
// and on what basis.
type RegisterRecipient struct {
	OrgID     string `json:"organization_id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Basis     string `json:"basis"`               // consent, statutory, yotaikyo, shien_kaigi
	Statute   string `json:"statute,omitempty"`   // with statutory
	LawText   string `json:"law_text,omitempty"`  // with other_law
	Count     int    `json:"count"`               // consents or memberships in force
	Operation string `json:"operation,omitempty"` // direct, contracted, independent
}

// FileRegisterFacts are the facts of the register, read at one moment.
type FileRegisterFacts struct {
	MunicipalityName string              `json:"municipality_name"`
	GeneratedAt      time.Time           `json:"generated_at"`
	Schema           []string            `json:"-"`                  // table.column of the live schema
	Sections         []string            `json:"sections"`           // 市の担当課 (municipal_section) names
	PrivacyOrgs      []string            `json:"privacy_offices"`    // organizations of the privacy officers
	Purposes         []RegisterCount     `json:"purposes"`           // purposes of the consents in force
	Recipients       []RegisterRecipient `json:"recipients"`         // regular recipients
	Routes           []RegisterCount     `json:"routes"`             // 相談経路 of the cases
	Methods          []RegisterCount     `json:"methods"`            // 相談方法
	FoundVia         []RegisterCount     `json:"outreach_found_via"` // how outreach targets were found
	Persons          int                 `json:"persons"`            // 本人として記録されている数 (records)
	Cases            int                 `json:"cases"`
}

// FileRegister reads the facts of the 個人情報ファイル簿 (privacy officer,
// municipal administrator, or the command line). Audited as an export.
func (db *DB) FileRegister(ctx context.Context, a casework.Actor) (FileRegisterFacts, error) {
	var f FileRegisterFacts
	if !casework.CanReadFileRegister(a) {
		return f, casework.Errorf(casework.EFORBIDDEN, "個人情報ファイル簿は個人情報保護担当と市の管理者だけが出力できます。")
	}
	var schema []string
	err := db.inTx(ctx, false, "個人情報ファイル簿", func(tx *Tx) error {
		cols, err := collect(ctx, tx, func(s scanner) (string, error) {
			var t, c string
			err := s.Scan(&t, &c)
			return t + "." + c, err
		}, db.dialect.columnsInOrderQuery())
		schema = cols
		return err
	})
	if err != nil {
		return f, err
	}
	err = db.inTx(ctx, true, "個人情報ファイル簿", func(tx *Tx) error {
		f = FileRegisterFacts{Schema: schema, GeneratedAt: tx.now}
		if err := tx.registerFacts(ctx, a.MunicipalityID, &f); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActExport, ObjectType: "file_register", ObjectID: a.MunicipalityID})
	})
	return f, err
}

func (t *Tx) registerFacts(ctx context.Context, muni string, f *FileRegisterFacts) error {
	today := casework.Today(t.now)
	if err := t.queryRow(ctx, "SELECT name FROM municipalities WHERE id = ?", muni).Scan(&f.MunicipalityName); err != nil {
		return err
	}
	orgs, err := collect(ctx, t, scanOrg, "SELECT "+orgCols+" FROM organizations WHERE municipality_id = ? ORDER BY name, id", muni)
	if err != nil {
		return err
	}
	byID := map[string]casework.Organization{}
	for _, o := range orgs {
		byID[o.ID] = o
		if o.Kind == "municipal_section" && o.RetiredOn == "" {
			f.Sections = append(f.Sections, o.Name)
		}
	}
	users, err := collect(ctx, t, func(s scanner) ([2]string, error) {
		var u [2]string
		return u, s.Scan(&u[0], &u[1])
	}, "SELECT organization_id, roles FROM users WHERE municipality_id = ? AND disabled = 0", muni)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, u := range users {
		if casework.HasRole(splitList(u[1]), "privacy_officer") && !seen[u[0]] {
			seen[u[0]] = true
			f.PrivacyOrgs = append(f.PrivacyOrgs, byID[u[0]].Name)
		}
	}
	sort.Strings(f.PrivacyOrgs)
	// consents in force: their purposes and recipients
	consents, err := collect(ctx, t, scanConsent, "SELECT "+consentCols+" FROM consents WHERE municipality_id = ?", muni)
	if err != nil {
		return err
	}
	purposes := map[string]int{}
	rec := map[string]*RegisterRecipient{}
	add := func(key, org, basis, statute, law string) {
		r := rec[key]
		if r == nil {
			o := byID[org]
			r = &RegisterRecipient{OrgID: org, Name: o.Name, Kind: o.Kind, Basis: basis, Statute: statute, LawText: law, Operation: o.Operation()}
			rec[key] = r
		}
		r.Count++
	}
	for _, c := range consents {
		if !c.EffectiveOn(today) {
			continue
		}
		for _, p := range c.Purposes {
			if p = strings.TrimSpace(p); p != "" {
				purposes[p]++
			}
		}
		for _, o := range c.Recipients {
			add("consent/"+o, o, "consent", "", "")
		}
	}
	f.Purposes = registerCounts(purposes)
	team, err := collect(ctx, t, func(s scanner) ([3]string, error) {
		var m [3]string
		return m, s.Scan(&m[0], &m[1], &m[2])
	}, "SELECT organization_id, statute, law_text FROM case_team WHERE municipality_id = ? AND basis = 'statutory' AND from_on <= ? AND to_on >= ?", muni, today, today)
	if err != nil {
		return err
	}
	for _, m := range team {
		add("statutory/"+m[0]+"/"+m[1]+"/"+m[2], m[0], "statutory", m[1], m[2])
	}
	fy := casework.FiscalYearOf(today)
	for _, r := range []struct{ basis, table string }{{"yotaikyo", "yotaikyo_members"}, {"shien_kaigi", "shien_kaigi_members"}} {
		ids, err := collect(ctx, t, scanString, "SELECT organization_id FROM "+r.table+" WHERE municipality_id = ? AND fiscal_year = ?", muni, fy)
		if err != nil {
			return err
		}
		for _, o := range ids {
			add(r.basis+"/"+o, o, r.basis, "", "")
		}
	}
	for _, r := range rec {
		f.Recipients = append(f.Recipients, *r)
	}
	order := map[string]int{"consent": 0, "statutory": 1, "yotaikyo": 2, "shien_kaigi": 3}
	sort.Slice(f.Recipients, func(i, j int) bool {
		a, b := f.Recipients[i], f.Recipients[j]
		if order[a.Basis] != order[b.Basis] {
			return order[a.Basis] < order[b.Basis]
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Statute+a.LawText < b.Statute+b.LawText
	})
	for _, c := range []struct {
		dst *[]RegisterCount
		q   string
	}{
		{&f.Routes, "SELECT route, COUNT(*) FROM cases WHERE municipality_id = ? GROUP BY route"},
		{&f.Methods, "SELECT method, COUNT(*) FROM cases WHERE municipality_id = ? GROUP BY method"},
		{&f.FoundVia, "SELECT found_via, COUNT(*) FROM outreach_targets WHERE municipality_id = ? GROUP BY found_via"},
	} {
		counts, err := collect(ctx, t, func(s scanner) (RegisterCount, error) {
			var r RegisterCount
			return r, s.Scan(&r.Value, &r.Count)
		}, c.q, muni)
		if err != nil {
			return err
		}
		m := map[string]int{}
		for _, x := range counts {
			m[x.Value] = x.Count
		}
		*c.dst = registerCounts(m)
	}
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM persons WHERE municipality_id = ?", muni).Scan(&f.Persons); err != nil {
		return err
	}
	return t.queryRow(ctx, "SELECT COUNT(*) FROM cases WHERE municipality_id = ?", muni).Scan(&f.Cases)
}

// registerCounts lists the counts, largest first, then by value.
func registerCounts(m map[string]int) []RegisterCount {
	out := make([]RegisterCount, 0, len(m))
	for v, n := range m {
		out = append(out, RegisterCount{Value: v, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}

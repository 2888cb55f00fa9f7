package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/report"
)

// The indicator set of the 実施計画 (report/indicators.go) in the annual
// report, with the year's targets (report_targets) and the municipal
// population (report_settings, migration 0033). Counts only, no personal
// data: any user who may see the reports sees them.

// indicatorSet computes the set of fiscal range r after the sections of a
// (new consultations and participants are read from them, so that the set
// and the sections cannot disagree).
func (t *Tx) indicatorSet(ctx context.Context, muni string, r report.FiscalRange, a *report.Annual) (*report.IndicatorSet, error) {
	actual := map[string]int64{}
	for ind, sec := range map[string]string{report.IndConsultations: report.SecNewConsultations, report.IndParticipants: report.SecParticipants} {
		if s, ok := a.Section(sec); ok && len(s.Rows) > 0 {
			actual[ind] = s.Rows[0].Total
		}
	}
	// 参加支援の支援対象者数: the persons of the matches in effect at some
	// time of the year (proposed by 3月31日, not ended before 4月1日),
	// persons linked by 名寄せ once
	roots, err := t.linkedPersons(ctx, muni)
	if err != nil {
		return nil, err
	}
	persons, err := collect(ctx, t, func(s scanner) (string, error) {
		var p string
		return p, s.Scan(&p)
	}, "SELECT DISTINCT person_id FROM participation_matches WHERE municipality_id = ? AND proposed_on <= ? AND (ended_on = '' OR ended_on >= ?)", muni, r.To, r.From)
	if err != nil {
		return nil, err
	}
	distinct := map[string]bool{}
	for _, p := range persons {
		distinct[roots.root(p)] = true
	}
	actual[report.IndSankaPersons] = int64(len(distinct))
	// 協力事業者数 and 拠点数: the stock registered by the end of 3月31日
	// (Japan); resources are never removed, so the stock is what was
	// registered by then
	type kind struct {
		kind   string
		accept int
	}
	kinds, err := collect(ctx, t, func(s scanner) (kind, error) {
		var k kind
		return k, s.Scan(&k.kind, &k.accept)
	}, "SELECT kind, accepts_participants FROM resources WHERE municipality_id = ? AND created_at < ?", muni, r.MonthStarts[12])
	if err != nil {
		return nil, err
	}
	for _, k := range kinds {
		if k.accept == 1 {
			actual[report.IndHosts]++
		}
		if (casework.Resource{Kind: k.kind}).IsPlace() {
			actual[report.IndPlaces]++
		}
	}
	if actual[report.IndPlatformOrgs], err = t.platformOrgs(ctx, muni, r.MonthStarts[12]); err != nil {
		return nil, err
	}
	targets, err := t.targets(ctx, muni, r.Year)
	if err != nil {
		return nil, err
	}
	pop, err := t.populationFor(ctx, muni, r.Year)
	if err != nil {
		return nil, err
	}
	return report.NewIndicatorSet(actual, targets, pop), nil
}

// platformOrgs counts the organizations that are members of the
// municipality's platforms (協議体) registered before the instant end: a
// member linked to an organization counts as that organization; a member
// given by name only counts as the organization of the same name (NameKey)
// if there is one, else as that name. One organization on several
// platforms counts once.
func (t *Tx) platformOrgs(ctx context.Context, muni, end string) (int64, error) {
	type member struct{ org, name string }
	members, err := collect(ctx, t, func(s scanner) (member, error) {
		var m member
		return m, s.Scan(&m.org, &m.name)
	}, "SELECT organization_id, name FROM platform_members WHERE municipality_id = ? AND created_at < ?", muni, end)
	if err != nil || len(members) == 0 {
		return 0, err
	}
	orgs, err := collect(ctx, t, func(s scanner) (member, error) {
		var m member
		return m, s.Scan(&m.org, &m.name)
	}, "SELECT id, name FROM organizations WHERE municipality_id = ?", muni)
	if err != nil {
		return 0, err
	}
	byName := map[string]string{}
	for _, o := range orgs {
		byName[japanese.NameKey(o.name)] = o.org
	}
	seen := map[string]bool{}
	for _, m := range members {
		key := "org:" + m.org
		if m.org == "" {
			k := japanese.NameKey(m.name)
			key = "name:" + k
			if id, ok := byName[k]; ok {
				key = "org:" + id
			}
		}
		seen[key] = true
	}
	return int64(len(seen)), nil
}

// populationFor returns the population setting of fiscal year fy, or of
// the latest earlier year that has one; nil when there is none.
func (t *Tx) populationFor(ctx context.Context, muni string, fy int) (*report.Population, error) {
	var p report.Population
	err := t.queryRow(ctx, "SELECT fiscal_year, population, population_as_of, note, version FROM report_settings WHERE municipality_id = ? AND fiscal_year <= ? AND population > 0 ORDER BY fiscal_year DESC LIMIT 1",
		muni, fy).Scan(&p.FiscalYear, &p.Population, &p.AsOf, &p.Note, &p.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Populations lists the population settings, newest year first.
func (db *DB) Populations(ctx context.Context, a casework.Actor) ([]report.Population, error) {
	if !report.CanView(a) {
		return nil, report.ErrNoReports
	}
	var out []report.Population
	err := db.inTx(ctx, false, "人口の設定", func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, func(s scanner) (report.Population, error) {
			var p report.Population
			return p, s.Scan(&p.FiscalYear, &p.Population, &p.AsOf, &p.Note, &p.Version)
		}, "SELECT fiscal_year, population, population_as_of, note, version FROM report_settings WHERE municipality_id = ? ORDER BY fiscal_year DESC", a.MunicipalityID)
		return err
	})
	return out, err
}

// SetPopulation sets the municipal population of a fiscal year (municipal
// administrator only). Changing an existing setting needs its version.
// Audited.
func (db *DB) SetPopulation(ctx context.Context, a casework.Actor, p *report.Population) error {
	if !report.CanSetTargets(a) {
		return casework.Errorf(casework.EFORBIDDEN, "人口を設定できるのは市区町村管理者です。")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "人口の設定", func(tx *Tx) error {
		var version int
		err := tx.queryRow(ctx, "SELECT version FROM report_settings WHERE municipality_id = ? AND fiscal_year = ?"+tx.dialect.forUpdate(),
			a.MunicipalityID, p.FiscalYear).Scan(&version)
		switch {
		case err == nil:
			if p.Version != version {
				return casework.Conflict("人口の設定")
			}
			if err := tx.execOne(ctx, casework.Conflict("人口の設定"), "UPDATE report_settings SET population = ?, population_as_of = ?, note = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE municipality_id = ? AND fiscal_year = ? AND version = ?",
				p.Population, p.AsOf, p.Note, a.UserID, ts(tx.now), a.MunicipalityID, p.FiscalYear, version); err != nil {
				return err
			}
			p.Version = version + 1
		case errors.Is(err, sql.ErrNoRows):
			if p.Version > 1 {
				return casework.Conflict("人口の設定")
			}
			p.Version = 1
			if _, err := tx.exec(ctx, `INSERT INTO report_settings (municipality_id, fiscal_year, population, population_as_of, note, updated_by, version, created_at, updated_at)
				VALUES (?,?,?,?,?,?,1,?,?)`, a.MunicipalityID, p.FiscalYear, p.Population, p.AsOf, p.Note, a.UserID, ts(tx.now), ts(tx.now)); err != nil {
				return err
			}
		default:
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "report_population", ObjectID: itoa(p.FiscalYear), Reason: itoa(int(p.Population))})
	})
}

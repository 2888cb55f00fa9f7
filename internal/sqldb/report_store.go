package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// CreateSnapshot runs the annual report and freezes it, with the parameters
// used, as a new snapshot. Snapshots are never changed: a later run is a new
// snapshot.
func (db *DB) CreateSnapshot(ctx context.Context, a casework.Actor, fy int, title string) (report.Snapshot, error) {
	var s report.Snapshot
	if !report.CanView(a) {
		return s, report.ErrNoReports
	}
	if err := report.ValidFiscalYear(fy); err != nil {
		return s, err
	}
	title = strings.TrimSpace(title)
	if utf8.RuneCountInString(title) > 100 {
		return s, &casework.Error{Code: casework.EINVALID, Message: "表題は100文字以内で入力してください。", Fields: map[string]string{"title": "表題は100文字以内で入力してください。"}}
	}
	err := db.inTx(ctx, true, "集計の保存", func(tx *Tx) error {
		rep, err := tx.annual(ctx, a.MunicipalityID, fy, nil)
		if err != nil {
			return err
		}
		if title == "" {
			title = itoa(fy) + "年度 年次集計（" + casework.Today(tx.now) + " 時点）"
		}
		body, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		params := map[string]string{"fiscal_year": itoa(fy), "from": rep.From, "to": rep.To, "kind": "annual"}
		pj, _ := json.Marshal(params)
		sum := sha256.Sum256(body)
		s = report.Snapshot{ID: newID(), Kind: "annual", FiscalYear: fy, Title: title, Params: params, Digest: hex.EncodeToString(sum[:]),
			Intact: true, CreatedBy: a.UserID, CreatedAt: tx.now, Report: rep}
		if _, err := tx.exec(ctx, `INSERT INTO report_snapshots (id, municipality_id, kind, fiscal_year, title, params, body, digest, created_by, created_by_org_id, version, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,1,?)`, s.ID, a.MunicipalityID, s.Kind, fy, title, string(pj), string(body), s.Digest, a.UserID, a.OrganizationID, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "report_snapshot", ObjectID: s.ID, Reason: itoa(fy)})
	})
	return s, err
}

const snapshotCols = "s.id, s.kind, s.fiscal_year, s.title, s.params, s.digest, s.created_by, COALESCE(u.name, ''), s.created_at"

func scanSnapshot(sc scanner, body *string) (report.Snapshot, error) {
	var s report.Snapshot
	var params, created string
	dest := []any{&s.ID, &s.Kind, &s.FiscalYear, &s.Title, &params, &s.Digest, &s.CreatedBy, &s.CreatorName, &created}
	if body != nil {
		dest = append(dest, body)
	}
	if err := sc.Scan(dest...); err != nil {
		return s, err
	}
	s.CreatedAt, s.Intact = parseTS(created), true
	_ = json.Unmarshal([]byte(params), &s.Params)
	return s, nil
}

// Snapshots lists the saved runs, newest first (fy 0: every year).
func (db *DB) Snapshots(ctx context.Context, a casework.Actor, fy int) ([]report.Snapshot, error) {
	if !report.CanView(a) {
		return nil, report.ErrNoReports
	}
	var out []report.Snapshot
	err := db.inTx(ctx, false, "保存した集計", func(tx *Tx) error {
		q := "SELECT " + snapshotCols + " FROM report_snapshots s LEFT JOIN users u ON u.id = s.created_by WHERE s.municipality_id = ?"
		args := []any{a.MunicipalityID}
		if fy != 0 {
			q += " AND s.fiscal_year = ?"
			args = append(args, fy)
		}
		var err error
		out, err = collect(ctx, tx, func(s scanner) (report.Snapshot, error) { return scanSnapshot(s, nil) }, q+" ORDER BY s.created_at DESC LIMIT 200", args...)
		return err
	})
	return out, err
}

// Snapshot returns one saved run with its frozen report; Intact tells
// whether the stored report still matches the digest taken when it was
// saved.
func (db *DB) Snapshot(ctx context.Context, a casework.Actor, id string) (report.Snapshot, error) {
	var s report.Snapshot
	if !report.CanView(a) {
		return s, report.ErrNoReports
	}
	err := db.inTx(ctx, false, "保存した集計", func(tx *Tx) error {
		var body string
		var err error
		s, err = scanSnapshot(tx.queryRow(ctx, "SELECT "+snapshotCols+", s.body FROM report_snapshots s LEFT JOIN users u ON u.id = s.created_by WHERE s.municipality_id = ? AND s.id = ?", a.MunicipalityID, id), &body)
		if err != nil {
			return mapError(err, "保存した集計")
		}
		sum := sha256.Sum256([]byte(body))
		s.Intact = hex.EncodeToString(sum[:]) == s.Digest
		s.Report = &report.Annual{}
		return json.Unmarshal([]byte(body), s.Report)
	})
	return s, err
}

// Targets lists the targets of a fiscal year.
func (db *DB) Targets(ctx context.Context, a casework.Actor, fy int) ([]report.Target, error) {
	if !report.CanView(a) {
		return nil, report.ErrNoReports
	}
	var out []report.Target
	err := db.inTx(ctx, false, "目標値", func(tx *Tx) error {
		var err error
		out, err = tx.targets(ctx, a.MunicipalityID, fy)
		return err
	})
	return out, err
}

func (t *Tx) targets(ctx context.Context, muni string, fy int) ([]report.Target, error) {
	return collect(ctx, t, func(s scanner) (report.Target, error) {
		var x report.Target
		return x, s.Scan(&x.ID, &x.FiscalYear, &x.Indicator, &x.Target, &x.Note, &x.Version)
	}, "SELECT id, fiscal_year, indicator, target, note, version FROM report_targets WHERE municipality_id = ? AND fiscal_year = ? ORDER BY indicator", muni, fy)
}

// SetTarget sets the target of an indicator for a year (municipal
// administrator only). Changing an existing target needs its version.
func (db *DB) SetTarget(ctx context.Context, a casework.Actor, x *report.Target) error {
	if !report.CanSetTargets(a) {
		return casework.Errorf(casework.EFORBIDDEN, "目標値を設定できるのは市区町村管理者です。")
	}
	x.Note = strings.TrimSpace(x.Note)
	if err := x.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "目標値", func(tx *Tx) error {
		var id string
		var version int
		err := tx.queryRow(ctx, "SELECT id, version FROM report_targets WHERE municipality_id = ? AND fiscal_year = ? AND indicator = ?"+tx.dialect.forUpdate(),
			a.MunicipalityID, x.FiscalYear, x.Indicator).Scan(&id, &version)
		switch {
		case err == nil:
			if x.Version != version {
				return casework.Conflict("目標値")
			}
			if err := tx.execOne(ctx, casework.Conflict("目標値"), "UPDATE report_targets SET target = ?, note = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
				x.Target, x.Note, a.UserID, ts(tx.now), id, version); err != nil {
				return err
			}
			x.ID, x.Version = id, version+1
		case errors.Is(err, sql.ErrNoRows):
			if x.Version > 1 {
				return casework.Conflict("目標値")
			}
			x.ID, x.Version = newID(), 1
			if _, err := tx.exec(ctx, `INSERT INTO report_targets (id, municipality_id, fiscal_year, indicator, target, note, updated_by, version, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,1,?,?)`, x.ID, a.MunicipalityID, x.FiscalYear, x.Indicator, x.Target, x.Note, a.UserID, ts(tx.now), ts(tx.now)); err != nil {
				return err
			}
		default:
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "report_target", ObjectID: x.ID, Reason: x.Indicator})
	})
}

package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// Editing a target and correcting its attempts (issue 22). Only the
// registering organization changes them (writableTarget); each change keeps
// the earlier values with who changed them and when, as the support
// record's history does. A target handed over to a case is no longer
// changed here: its attempts are the case's contacts now.

// UpdateOutreachTarget saves an edit of a target's label, route, day found,
// concern and 地区; t.Version must be the version read.
func (db *DB) UpdateOutreachTarget(ctx context.Context, a casework.Actor, t *casework.OutreachTarget) error {
	return db.inTx(ctx, true, "アウトリーチ対象者", func(tx *Tx) error {
		cur, err := tx.writableTarget(ctx, a, t.ID)
		if err != nil {
			return err
		}
		if cur.Stage == "handed_over" {
			return casework.Errorf(casework.EINVALID, "ケースへ引き継いだ対象者です。変更はケースで行ってください。")
		}
		if t.Version != cur.Version {
			return casework.Conflict("アウトリーチ対象者")
		}
		t.PersonID = cur.PersonID
		if err := t.Validate(tx.now); err != nil {
			return err
		}
		if t.District, err = tx.canonicalDistrict(ctx, a.MunicipalityID, t.District, "district"); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO outreach_target_history (id, municipality_id, target_id, version, label, found_via, found_on, concern, district,
			edited_by, edited_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, newID(), a.MunicipalityID, cur.ID, cur.Version, cur.Label, cur.FoundVia, cur.FoundOn,
			cur.Concern, cur.District, a.UserID, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("アウトリーチ対象者"), `UPDATE outreach_targets SET label = ?, found_via = ?, found_on = ?, concern = ?,
			district = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			t.Label, t.FoundVia, t.FoundOn, t.Concern, t.District, ts(tx.now), cur.ID, cur.Version); err != nil {
			return err
		}
		stored, err := tx.visibleTarget(ctx, a, cur.ID)
		if err != nil {
			return err
		}
		if err := tx.fillTarget(ctx, &stored); err != nil {
			return err
		}
		*t = stored
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "outreach_target", ObjectID: t.ID})
	})
}

// UpdateOutreachAttempt corrects an attempt of a target; at.Version must be
// the version read.
func (db *DB) UpdateOutreachAttempt(ctx context.Context, a casework.Actor, targetID string, at *casework.OutreachAttempt) error {
	return db.inTx(ctx, true, "接触の記録", func(tx *Tx) error {
		tg, err := tx.writableTarget(ctx, a, targetID)
		if err != nil {
			return err
		}
		cur, err := scanAttempt(tx.queryRow(ctx, "SELECT "+attemptCols+" FROM outreach_attempts WHERE municipality_id = ? AND target_id = ? AND id = ?",
			a.MunicipalityID, tg.ID, at.ID))
		if err != nil {
			return mapError(err, "接触の記録")
		}
		if tg.Stage == "handed_over" {
			return casework.Errorf(casework.EINVALID, "ケースへ引き継いだ対象者の記録は、ケースの支援経過で修正してください。")
		}
		if at.Version != cur.Version {
			return casework.Conflict("接触の記録")
		}
		if err := at.Validate(tx.now); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO outreach_attempt_history (id, municipality_id, attempt_id, version, at, method, outcome, note, edited_by, edited_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, newID(), a.MunicipalityID, cur.ID, cur.Version, ts(cur.At), cur.Method, cur.Outcome, cur.Note, a.UserID, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("接触の記録"), `UPDATE outreach_attempts SET at = ?, method = ?, outcome = ?, note = ?, version = version + 1
			WHERE id = ? AND version = ?`, ts(at.At), at.Method, at.Outcome, at.Note, cur.ID, cur.Version); err != nil {
			return err
		}
		at.TargetID, at.AuthorID, at.AuthorOrgID, at.Created, at.Version = tg.ID, cur.AuthorID, cur.AuthorOrgID, cur.Created, cur.Version+1
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "outreach_attempt", ObjectID: at.ID})
	})
}

// fillTargetNames adds who registered the target and wrote each attempt,
// and the histories of edits and corrections.
func (t *Tx) fillTargetNames(ctx context.Context, tg *casework.OutreachTarget) error {
	names := map[string]string{}
	name := func(id string) (string, error) {
		if id == "" {
			return "", nil
		}
		if n, ok := names[id]; ok {
			return n, nil
		}
		var n string
		if err := t.queryRow(ctx, "SELECT COALESCE(MAX(name), '') FROM users WHERE id = ?", id).Scan(&n); err != nil {
			return "", err
		}
		names[id] = n
		return n, nil
	}
	var err error
	if tg.WorkerName, err = name(tg.WorkerID); err != nil {
		return err
	}
	hist, err := collect(ctx, t, func(s scanner) (casework.TargetVersion, error) {
		var v casework.TargetVersion
		var at string
		err := s.Scan(&v.Version, &v.Label, &v.FoundVia, &v.FoundOn, &v.Concern, &v.District, &v.EditedBy, &at)
		v.EditedAt = parseTS(at)
		return v, err
	}, "SELECT version, label, found_via, found_on, concern, district, edited_by, edited_at FROM outreach_target_history WHERE target_id = ? ORDER BY version DESC", tg.ID)
	if err != nil {
		return err
	}
	for i := range hist {
		if hist[i].EditorName, err = name(hist[i].EditedBy); err != nil {
			return err
		}
	}
	tg.History = hist
	for i := range tg.Attempts {
		at := &tg.Attempts[i]
		if at.AuthorName, err = name(at.AuthorID); err != nil {
			return err
		}
		if at.Version <= 1 {
			continue
		}
		if at.History, err = collect(ctx, t, func(s scanner) (casework.AttemptVersion, error) {
			var v casework.AttemptVersion
			var when, edited string
			err := s.Scan(&v.Version, &when, &v.Method, &v.Outcome, &v.Note, &v.EditedBy, &edited)
			v.At, v.EditedAt = parseTS(when), parseTS(edited)
			return v, err
		}, "SELECT version, at, method, outcome, note, edited_by, edited_at FROM outreach_attempt_history WHERE attempt_id = ? ORDER BY version DESC", at.ID); err != nil {
			return err
		}
		for j := range at.History {
			if at.History[j].EditorName, err = name(at.History[j].EditedBy); err != nil {
				return err
			}
		}
	}
	return nil
}

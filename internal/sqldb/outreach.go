package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

const targetCols = `t.id, t.org_id, t.person_id, t.label, t.found_via, t.found_on, t.concern, t.district, t.stage, t.worker_id, t.case_id,
	t.version, t.created_at, t.updated_at, COALESCE(p.identified, 0), COALESCE(p.family_name, ''), COALESCE(p.given_name, ''), COALESCE(p.label, '')`

const targetFrom = " FROM outreach_targets t LEFT JOIN persons p ON p.id = t.person_id "

func scanTarget(s scanner) (casework.OutreachTarget, error) {
	var t casework.OutreachTarget
	var created, updated, fam, giv, plabel string
	var ident int
	err := s.Scan(&t.ID, &t.OrgID, &t.PersonID, &t.Label, &t.FoundVia, &t.FoundOn, &t.Concern, &t.District, &t.Stage, &t.WorkerID,
		&t.CaseID, &t.Version, &created, &updated, &ident, &fam, &giv, &plabel)
	t.Created, t.Updated = parseTS(created), parseTS(updated)
	t.DisplayName = t.Label
	if t.PersonID != "" {
		p := casework.Person{Identified: ident == 1, FamilyName: fam, GivenName: giv, Label: plabel}
		if n := p.DisplayName(); n != "" {
			t.DisplayName = n
		}
	}
	return t, err
}

func scanAttempt(s scanner) (casework.OutreachAttempt, error) {
	var a casework.OutreachAttempt
	var at, created string
	err := s.Scan(&a.ID, &a.TargetID, &at, &a.Method, &a.Outcome, &a.Note, &a.AuthorID, &a.AuthorOrgID, &created, &a.Version)
	a.At, a.Created = parseTS(at), parseTS(created)
	return a, err
}

const attemptCols = "id, target_id, at, method, outcome, note, author_id, author_org_id, created_at, version"

// CreateOutreachTarget registers someone support does not reach yet, with a
// label or an existing person. The actor's organization owns the target.
func (db *DB) CreateOutreachTarget(ctx context.Context, a casework.Actor, t *casework.OutreachTarget) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "アウトリーチ対象者を登録する権限がありません。")
	}
	return db.inTx(ctx, true, "アウトリーチ対象者", func(tx *Tx) error {
		if err := t.Validate(tx.now); err != nil {
			return err
		}
		var err error
		if t.District, err = tx.canonicalDistrict(ctx, a.MunicipalityID, t.District, "district"); err != nil {
			return err
		}
		if t.PersonID != "" {
			p, err := tx.visiblePerson(ctx, a, t.PersonID)
			if err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "本人が見つかりません。", Fields: map[string]string{"person_id": "本人が見つかりません。"}}
			}
			// rule 0: a target of the organization's own is about its own
			// record; another's record would outlive the consent it is read by
			if err := casework.CheckOwnRecord(a, p.RegisteredByOrgID, "person_id", "アウトリーチ対象者に結び付ける本人"); err != nil {
				return err
			}
			t.DisplayName = p.DisplayName()
		} else {
			t.DisplayName = t.Label
		}
		t.ID, t.OrgID, t.WorkerID, t.Stage, t.Version, t.Created, t.Updated = newID(), a.OrganizationID, a.UserID, "found", 1, tx.now, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO outreach_targets (id, municipality_id, org_id, person_id, label, found_via, found_on, concern, district,
			stage, worker_id, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
			t.ID, a.MunicipalityID, t.OrgID, t.PersonID, t.Label, t.FoundVia, t.FoundOn, t.Concern, t.District, t.Stage, t.WorkerID,
			ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		if err := tx.stageHistory(ctx, a, t.ID, "", "found", ""); err != nil {
			return err
		}
		// t becomes the stored target: a case, stage or attempts the request
		// carried are not handed back as if recorded
		stored, err := scanTarget(tx.queryRow(ctx, "SELECT "+targetCols+targetFrom+"WHERE t.id = ?", t.ID))
		if err != nil {
			return err
		}
		*t = stored
		t.Attempts = []casework.OutreachAttempt{}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "outreach_target", ObjectID: t.ID})
	})
}

func (t *Tx) stageHistory(ctx context.Context, a casework.Actor, targetID, from, to, reason string) error {
	_, err := t.exec(ctx, `INSERT INTO outreach_stage_history (id, municipality_id, target_id, from_stage, to_stage, reason, at, user_id, version, created_at)
		VALUES (?,?,?,?,?,?,?,?,1,?)`, newID(), a.MunicipalityID, targetID, from, to, reason, ts(t.now), a.UserID, ts(t.now))
	return err
}

// visibleTarget loads a target the actor may read (casework.
// OutreachTargetAccess): its own organization's, or one shared with the
// actor's organization at a held 支援会議 (then SharedAt lists those
// meetings); any other is not found.
func (t *Tx) visibleTarget(ctx context.Context, a casework.Actor, id string) (casework.OutreachTarget, error) {
	tg, acc, err := t.targetAccess(ctx, a, id, map[string]casework.Meeting{})
	if err == nil && acc == casework.TargetNone {
		err = casework.NotFound("アウトリーチ対象者")
	}
	return tg, err
}

// writableTarget loads a target the actor's organization registered; a
// target shared at a 支援会議 is read only.
func (t *Tx) writableTarget(ctx context.Context, a casework.Actor, id string) (casework.OutreachTarget, error) {
	tg, acc, err := t.targetAccess(ctx, a, id, map[string]casework.Meeting{})
	switch {
	case err != nil:
	case acc == casework.TargetNone:
		err = casework.NotFound("アウトリーチ対象者")
	case acc == casework.TargetShared:
		err = casework.Errorf(casework.EFORBIDDEN, "支援会議で共有されたアウトリーチ対象者は閲覧のみです。記録は登録した機関が行います。")
	case !casework.CanWriteCases(a):
		err = casework.Errorf(casework.EFORBIDDEN, "閲覧者は記録できません。")
	}
	return tg, err
}

// targetAccess loads a target and decides the actor's access to it, loading
// the 支援会議 where it is on the agenda when the actor's organization is
// not the registering one (meetings caches them within the transaction).
func (t *Tx) targetAccess(ctx context.Context, a casework.Actor, id string, meetings map[string]casework.Meeting) (casework.OutreachTarget, casework.TargetAccess, error) {
	tg, err := scanTarget(t.queryRow(ctx, "SELECT "+targetCols+targetFrom+"WHERE t.municipality_id = ? AND t.id = ?", a.MunicipalityID, id))
	if err != nil {
		return tg, casework.TargetNone, mapError(err, "アウトリーチ対象者")
	}
	acc, err := t.shareTarget(ctx, a, &tg, meetings)
	return tg, acc, err
}

// shareTarget applies the access rule to a loaded target and, for a shared
// one, fills SharedAt with the meetings that share it.
func (t *Tx) shareTarget(ctx context.Context, a casework.Actor, tg *casework.OutreachTarget, meetings map[string]casework.Meeting) (casework.TargetAccess, error) {
	if acc := casework.OutreachTargetAccess(a, tg.OrgID, nil); acc != casework.TargetNone || !casework.CanHandleCases(a) {
		return acc, nil
	}
	ids, err := collect(ctx, t, scanString, "SELECT DISTINCT meeting_id FROM meeting_outreach_items WHERE municipality_id = ? AND target_id = ? ORDER BY meeting_id",
		a.MunicipalityID, tg.ID)
	if err != nil {
		return casework.TargetNone, err
	}
	acc := casework.TargetNone
	for _, mid := range ids {
		m, ok := meetings[mid]
		if !ok {
			if m, err = t.meeting(ctx, a.MunicipalityID, mid); err != nil {
				return casework.TargetNone, err
			}
			meetings[mid] = m
		}
		if x := casework.OutreachTargetAccess(a, tg.OrgID, []casework.Meeting{m}); x != casework.TargetNone {
			acc = x
			tg.SharedAt = append(tg.SharedAt, mid)
		}
	}
	return acc, nil
}

func (t *Tx) fillTarget(ctx context.Context, tg *casework.OutreachTarget) error {
	var err error
	if tg.Attempts, err = collect(ctx, t, scanAttempt, "SELECT "+attemptCols+" FROM outreach_attempts WHERE target_id = ? ORDER BY at DESC, created_at DESC", tg.ID); err != nil {
		return err
	}
	if tg.Attempts == nil {
		tg.Attempts = []casework.OutreachAttempt{}
	}
	tg.Stages, err = collect(ctx, t, func(s scanner) (casework.StageChange, error) {
		var c casework.StageChange
		var at string
		err := s.Scan(&c.From, &c.To, &c.Reason, &at, &c.UserID)
		c.At = parseTS(at)
		return c, err
	}, "SELECT from_stage, to_stage, reason, at, user_id FROM outreach_stage_history WHERE target_id = ? ORDER BY at, created_at", tg.ID)
	if err != nil {
		return err
	}
	return t.fillTargetNames(ctx, tg)
}

// OutreachTarget returns a target with its attempts and stage history. Audited.
func (db *DB) OutreachTarget(ctx context.Context, a casework.Actor, id string) (casework.OutreachTarget, error) {
	var tg casework.OutreachTarget
	err := db.inRead(ctx, "アウトリーチ対象者", func(tx *Tx) error {
		var err error
		if tg, err = tx.visibleTarget(ctx, a, id); err != nil {
			return err
		}
		if err := tx.fillTarget(ctx, &tg); err != nil {
			return err
		}
		if tg.MeetingItems, err = tx.targetMeetingItems(ctx, a, tg); err != nil {
			return err
		}
		rec := auditRecord{Action: casework.ActView, ObjectType: "outreach_target", ObjectID: id}
		if len(tg.SharedAt) > 0 {
			rec.Reason = "shien_kaigi " + strings.Join(tg.SharedAt, " ")
		}
		return tx.audit(ctx, a, rec)
	})
	return tg, err
}

// OutreachTargets lists the targets of the actor's organization (newest
// first), then those shared with it at a held 支援会議 (SharedAt set),
// optionally of one stage. Audited as a search.
func (db *DB) OutreachTargets(ctx context.Context, a casework.Actor, stage string) ([]casework.OutreachTarget, error) {
	var out []casework.OutreachTarget
	err := db.inRead(ctx, "アウトリーチ対象者", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		q := "SELECT " + targetCols + targetFrom + "WHERE t.municipality_id = ? AND t.org_id = ?"
		args := []any{a.MunicipalityID, a.OrganizationID}
		if stage != "" {
			q += " AND t.stage = ?"
			args = append(args, stage)
		}
		var err error
		if out, err = collect(ctx, tx, scanTarget, q+" ORDER BY t.found_on DESC, t.created_at DESC LIMIT 500", args...); err != nil {
			return err
		}
		shared, err := tx.sharedTargets(ctx, a, stage)
		if err != nil {
			return err
		}
		out = append(out, shared...)
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "outreach_target"})
	})
	return out, err
}

// AddOutreachAttempt records a try to reach a target.
func (db *DB) AddOutreachAttempt(ctx context.Context, a casework.Actor, targetID string, at *casework.OutreachAttempt) error {
	return db.inTx(ctx, true, "アウトリーチ対象者", func(tx *Tx) error {
		tg, err := tx.writableTarget(ctx, a, targetID)
		if err != nil {
			return err
		}
		if tg.Stage == "handed_over" {
			return casework.Errorf(casework.EINVALID, "ケースへ引き継いだ対象者です。記録はケースの支援経過に書いてください。")
		}
		if err := at.Validate(tx.now); err != nil {
			return err
		}
		at.ID, at.TargetID, at.AuthorID, at.AuthorOrgID, at.Created = newID(), tg.ID, a.UserID, a.OrganizationID, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO outreach_attempts (id, municipality_id, target_id, at, method, outcome, note, author_id, author_org_id, version, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,1,?)`, at.ID, a.MunicipalityID, tg.ID, ts(at.At), at.Method, at.Outcome, at.Note, a.UserID, a.OrganizationID, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "outreach_attempt", ObjectID: at.ID})
	})
}

// MoveOutreachStage moves a target forward (or one step back with a
// reason). version 0 skips the staleness check (API callers that did not
// read the target first).
func (db *DB) MoveOutreachStage(ctx context.Context, a casework.Actor, id, stage, reason string, version int) (casework.OutreachTarget, error) {
	var tg casework.OutreachTarget
	err := db.inTx(ctx, true, "アウトリーチ対象者", func(tx *Tx) error {
		var err error
		if tg, err = tx.writableTarget(ctx, a, id); err != nil {
			return err
		}
		if version != 0 && version != tg.Version {
			return casework.Conflict("アウトリーチ対象者")
		}
		reason = strings.TrimSpace(reason)
		if err := casework.CheckStageMove(tg.Stage, stage, reason); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("アウトリーチ対象者"), "UPDATE outreach_targets SET stage = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			stage, ts(tx.now), id, tg.Version); err != nil {
			return err
		}
		if err := tx.stageHistory(ctx, a, id, tg.Stage, stage, reason); err != nil {
			return err
		}
		tg.Stage, tg.Version, tg.Updated = stage, tg.Version+1, tx.now
		if err := tx.fillTarget(ctx, &tg); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "outreach_target", ObjectID: id, Reason: "stage " + stage})
	})
	return tg, err
}

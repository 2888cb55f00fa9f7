package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// The 住基 link on the person record (issue 23): the 宛名番号 (atena_no),
// shown only as casework.CanSeeAtenaNo allows, one record of a municipality
// carrying a given number; a record saved with a number another record
// carries is linked to it as the same person with certainty; former names
// kept when a name changes.

// JukiActor is the actor the 住基 link writes as: the system, audited as
// 'system:juki'.
func JukiActor(muni string) casework.Actor {
	return casework.Actor{UserID: "system:juki", MunicipalityID: muni, Roles: []string{"municipal_admin"}}
}

// applyAtenaRule fills p.AtenaNo from the stored number when the actor may
// see it, and marks it hidden otherwise.
func (t *Tx) applyAtenaRule(ctx context.Context, a casework.Actor, p *casework.Person, f casework.PersonFacts, day string) error {
	kind := ""
	if a.OrganizationID != "" && a.OrganizationID != f.RegisteredBy && !a.Has("privacy_officer") {
		kinds, err := collectCached(ctx, t, scanString, "SELECT kind FROM organizations WHERE municipality_id = ? AND id = ?", a.MunicipalityID, a.OrganizationID)
		if err != nil {
			return err
		}
		if len(kinds) == 1 {
			kind = kinds[0]
		}
	}
	if casework.CanSeeAtenaNo(a, f, kind, day) {
		p.AtenaNo, p.AtenaHidden = p.AtenaStored, false
	} else {
		p.AtenaNo, p.AtenaHidden = "", true
	}
	return nil
}

// placeAtena stores p.AtenaNo on the record p (inserted or updated in this
// transaction; prev is the number it carried). When another record of the
// municipality carries the number, the two are the same resident: p is
// linked to it as the same person (名寄せ) and the number stays where it is
// (one record per number: the one the 異動 file keeps current). Outside
// system work the actor must see that record (rule 0: no link to what the
// caller may not see); otherwise the number is refused beside the field.
func (t *Tx) placeAtena(ctx context.Context, a casework.Actor, p *casework.Person, prev string, system bool) error {
	p.AtenaLinkedTo = ""
	if p.AtenaNo == "" {
		if prev != "" {
			if _, err := t.exec(ctx, "UPDATE persons SET atena_no = '' WHERE id = ?", p.ID); err != nil {
				return err
			}
		}
		p.AtenaStored = ""
		return nil
	}
	var holder string
	err := t.queryRow(ctx, "SELECT id FROM persons WHERE municipality_id = ? AND atena_no = ? AND atena_no <> '' AND id <> ?", a.MunicipalityID, p.AtenaNo, p.ID).Scan(&holder)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := t.exec(ctx, "UPDATE persons SET atena_no = ? WHERE id = ?", p.AtenaNo, p.ID); err != nil {
			return err
		}
		p.AtenaStored = p.AtenaNo
		return nil
	case err != nil:
		return err
	}
	origin := ""
	if _, err := t.visiblePerson(ctx, a, holder); err != nil {
		if casework.ErrorCode(err) != casework.ENOTFOUND {
			return err
		}
		if !system {
			msg := "この宛名番号は別の機関の記録に登録されています。同じ方であれば、その機関またはお問い合わせ先に名寄せ（同一人物としての結び付け）を依頼してください。"
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"atena_no": msg}}
		}
		// An import links the organization's own record to one it may not
		// see: like a registration of a person another organization knows,
		// the link counts the person once and tells the importer nothing
		// (rule 0), so it stays out of the linked groups (person_links.go).
		origin = casework.SameOriginRegistration
	}
	if err := t.linkSame(ctx, a, p.ID, holder, origin, "宛名番号が一致（住民記録による確定）"); err != nil {
		return err
	}
	if prev != "" {
		if _, err := t.exec(ctx, "UPDATE persons SET atena_no = '' WHERE id = ?", p.ID); err != nil {
			return err
		}
	}
	p.AtenaNo, p.AtenaStored, p.AtenaLinkedTo = "", "", holder
	return nil
}

// linkSame records that x and y are the same person (名寄せ) unless a live
// decision says so already; a live 'different' decision on the pair is
// revoked (the 宛名番号 is certain). Decided by the system ('system:juki') on
// behalf of the actor's organization; audited.
func (t *Tx) linkSame(ctx context.Context, a casework.Actor, x, y, origin, note string) error {
	if x > y {
		x, y = y, x
	}
	live, err := collect(ctx, t, scanString, "SELECT decision FROM duplicate_decisions WHERE municipality_id = ? AND person_a = ? AND person_b = ? AND revoked_at = ''", a.MunicipalityID, x, y)
	if err != nil {
		return err
	}
	if len(live) == 1 && live[0] == "same" {
		return nil
	}
	const by = "system:juki"
	if _, err := t.exec(ctx, "UPDATE duplicate_decisions SET revoked_at = ?, revoked_by = ?, version = version + 1 WHERE municipality_id = ? AND person_a = ? AND person_b = ? AND revoked_at = ''",
		ts(t.now), by, a.MunicipalityID, x, y); err != nil {
		return err
	}
	id := newID()
	if _, err := t.exec(ctx, "INSERT INTO duplicate_decisions ("+decisionCols+", municipality_id, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
		id, x, y, "same", note, by, a.OrganizationID, "", "", 1, ts(t.now), a.MunicipalityID, origin); err != nil {
		return err
	}
	return t.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "duplicate_decision", ObjectID: id, Reason: "same " + x + " " + y + "（宛名番号）"})
}

// formerNames are a person's kept earlier names, newest first.
func (t *Tx) formerNames(ctx context.Context, muni, personID string) ([]casework.FormerName, error) {
	return collect(ctx, t, func(s scanner) (casework.FormerName, error) {
		var f casework.FormerName
		return f, s.Scan(&f.FamilyName, &f.GivenName, &f.FamilyKana, &f.GivenKana, &f.Until, &f.Source)
	}, "SELECT family_name, given_name, family_kana, given_kana, until_on, source FROM person_former_names WHERE municipality_id = ? AND person_id = ? ORDER BY until_on DESC, created_at DESC", muni, personID)
}

// keepFormerName keeps the name p had before a change (the trigger of
// migration 0035 logs it for the name index, so the person is found under
// it). A name already kept is not kept twice.
func (t *Tx) keepFormerName(ctx context.Context, muni, personID string, old casework.FormerName) error {
	nk := japanese.NameKey(old.FamilyName + old.GivenName)
	kk := japanese.KanaKey(old.FamilyKana + old.GivenKana)
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM person_former_names WHERE person_id = ? AND name_key = ? AND kana_key = ?", personID, nk, kk).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO person_former_names (id, municipality_id, person_id, family_name, given_name, family_kana, given_kana, name_key, kana_key, until_on, source, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, newID(), muni, personID, old.FamilyName, old.GivenName, old.FamilyKana, old.GivenKana, nk, kk, old.Until, old.Source, ts(t.now))
	return err
}

// Every lookup by 宛名番号 says `atena_no <> ''` beside `atena_no = ?`: the
// unique index of migration 0035 is partial (WHERE atena_no <> ''), and
// SQLite uses a partial index only when the query's WHERE implies the
// index's (a bound parameter does not).

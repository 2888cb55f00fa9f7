package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// A person another agency already knows (issue 22; casework/samelink.go).
// An organization whose search found a record it may not read registers the
// consultation as its own: its own person record of what it typed, linked
// by 名寄せ to the known record so that reports count the person once. The
// link opens nothing to either side.

// RegisterAsSamePerson registers p as the actor's organization's own record
// of the person known as knownID (a record of another organization the
// actor's search found) and links the two. When the organization already has
// a record in knownID's group of linked records, nothing is written and that
// record is returned with existing = true. Audited (the person, the link).
func (db *DB) RegisterAsSamePerson(ctx context.Context, a casework.Actor, p *casework.Person, knownID string) (existing bool, err error) {
	if !casework.CanWriteCases(a) {
		return false, casework.Errorf(casework.EFORBIDDEN, "本人情報を登録する権限がありません。")
	}
	err = db.inTx(ctx, true, "本人", func(tx *Tx) error {
		// the known record, locked so that two registrations of the same
		// person by one organization cannot both link (PostgreSQL; SQLite
		// has one writer)
		var known casework.Person
		var ident int
		err := tx.queryRow(ctx, "SELECT id, registered_by_org_id, identified, family_name, family_kana, name_key, kana_key FROM persons WHERE municipality_id = ? AND id = ?"+tx.dialect.forUpdate(),
			a.MunicipalityID, knownID).Scan(&known.ID, &known.RegisteredByOrgID, &ident, &known.FamilyName, &known.FamilyKana, &known.NameKey, &known.KanaKey)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		known.Identified = ident == 1
		v := casework.Invalid{}
		if nerr := p.Normalize(tx.now); nerr != nil {
			for f, m := range casework.ErrorFields(nerr) {
				v.Add(f, m)
			}
		}
		if cerr := casework.CheckSameAs(a, known.RegisteredByOrgID, known.Identified, sameNameScore(known, *p)); cerr != nil {
			if casework.ErrorCode(cerr) != casework.EINVALID {
				return cerr
			}
			for f, m := range casework.ErrorFields(cerr) {
				v.Add(f, m)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		group, err := tx.sameGroup(ctx, a.MunicipalityID, known.ID)
		if err != nil {
			return err
		}
		own, err := tx.ownRecordIn(ctx, a.MunicipalityID, a.OrganizationID, group)
		if err != nil {
			return err
		}
		if own != "" { // registered (and linked) before: that record, nothing new
			existing = true
			*p, err = tx.visiblePerson(ctx, a, own)
			if err != nil {
				return err
			}
			return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "person", ObjectID: own, Reason: "registration same_as " + known.ID})
		}
		if err := tx.insertPerson(ctx, a, p); err != nil {
			return err
		}
		return tx.insertSameLink(ctx, a, p.ID, known.ID, casework.SameOriginRegistration, "登録時の名寄せ（他機関の記録は閲覧できない）")
	})
	return existing, err
}

// sameNameScore is the search score of what was typed against the known
// record (search.go score): the full name, or the reading.
func sameNameScore(known, typed casework.Person) int {
	return score(known, japanese.NameKey(typed.FamilyName+typed.GivenName), japanese.KanaKey(typed.FamilyKana+typed.GivenKana))
}

// sameGroup returns id and every record linked to it, directly or through
// others, by live 名寄せ decisions (at most a few hundred records).
func (t *Tx) sameGroup(ctx context.Context, muni, id string) ([]string, error) {
	seen := map[string]bool{id: true}
	out, frontier := []string{id}, []string{id}
	for round := 0; round < 20 && len(frontier) > 0 && len(out) < 500; round++ {
		args := []any{muni}
		for _, f := range frontier {
			args = append(args, f)
		}
		in := placeholders(len(frontier))
		q := "SELECT person_a, person_b FROM duplicate_decisions WHERE municipality_id = ? AND decision = 'same' AND revoked_at = '' AND "
		links, err := collect(ctx, t, func(s scanner) ([2]string, error) {
			var l [2]string
			return l, s.Scan(&l[0], &l[1])
		}, q+"person_a IN ("+in+") UNION "+q+"person_b IN ("+in+")", append(args, args...)...)
		if err != nil {
			return nil, err
		}
		frontier = frontier[:0:0]
		for _, l := range links {
			for _, x := range l {
				if !seen[x] {
					seen[x] = true
					out, frontier = append(out, x), append(frontier, x)
				}
			}
		}
	}
	return out, nil
}

// ownRecordIn returns the first (oldest) of ids registered by org, or "".
func (t *Tx) ownRecordIn(ctx context.Context, muni, org string, ids []string) (string, error) {
	if len(ids) == 0 {
		return "", nil
	}
	args := []any{muni, org}
	for _, id := range ids {
		args = append(args, id)
	}
	found, err := collect(ctx, t, scanString, "SELECT id FROM persons WHERE municipality_id = ? AND registered_by_org_id = ? AND id IN ("+placeholders(len(ids))+") ORDER BY created_at, id", args...)
	if err != nil || len(found) == 0 {
		return "", err
	}
	return found[0], nil
}

// insertSameLink records a live 名寄せ link "same" between x and y with its
// origin, unless a live decision on the pair exists. Audited; the link opens
// nothing (casework/samelink.go).
func (t *Tx) insertSameLink(ctx context.Context, a casework.Actor, x, y, origin, note string) error {
	if x > y {
		x, y = y, x
	}
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM duplicate_decisions WHERE municipality_id = ? AND person_a = ? AND person_b = ? AND revoked_at = ''", a.MunicipalityID, x, y).Scan(&n); err != nil || n > 0 {
		return err
	}
	id := newID()
	if _, err := t.exec(ctx, "INSERT INTO duplicate_decisions ("+decisionCols+", municipality_id, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
		id, x, y, "same", note, a.UserID, a.OrganizationID, "", "", 1, ts(t.now), a.MunicipalityID, origin); err != nil {
		return err
	}
	return t.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "duplicate_decision", ObjectID: id, Reason: "same " + origin + " " + x + " " + y})
}

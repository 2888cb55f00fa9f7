package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"kasane/internal/casework"
)

const profileCols = "person_id, interests, days, time_slots, districts, home_lat, home_lng, health_limits, support_needed, note, version, updated_at"

func scanProfile(s scanner) (casework.NeedsProfile, error) {
	var p casework.NeedsProfile
	var interests, days, slots, districts, lat, lng, support, updated string
	err := s.Scan(&p.PersonID, &interests, &days, &slots, &districts, &lat, &lng, &p.HealthLimits, &support, &p.Note, &p.Version, &updated)
	p.Interests, p.Days, p.TimeSlots, p.Districts = splitList(interests), splitList(days), splitList(slots), splitLines(districts)
	p.HomeLat, p.HomeLng, p.SupportNeeded, p.Updated = parseCoord(lat), parseCoord(lng), splitList(support), parseTS(updated)
	return p, err
}

// profile loads a person's needs profile; none yet is an empty one of
// version 0.
func (t *Tx) profile(ctx context.Context, muni, personID string) (casework.NeedsProfile, error) {
	p, err := scanProfile(t.queryRow(ctx, "SELECT "+profileCols+" FROM needs_profiles WHERE municipality_id = ? AND person_id = ?", muni, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return casework.NeedsProfile{PersonID: personID}, nil
	}
	return p, err
}

// NeedsProfile returns the participation needs of a person the actor may
// see (rule 4). Audited.
func (db *DB) NeedsProfile(ctx context.Context, a casework.Actor, personID string) (casework.NeedsProfile, error) {
	var p casework.NeedsProfile
	err := db.inRead(ctx, "参加ニーズ", func(tx *Tx) error {
		seeAddr, scope, err := tx.personView(ctx, a, personID)
		if err != nil {
			return err
		}
		if p, err = tx.profile(ctx, a.MunicipalityID, personID); err != nil {
			return err
		}
		p.LimitTo(seeAddr, scope)
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "needs_profile", ObjectID: personID})
	})
	return p, err
}

// SaveNeedsProfile writes a person's needs profile; Version 0 creates it,
// otherwise a stale version is a conflict.
func (db *DB) SaveNeedsProfile(ctx context.Context, a casework.Actor, p *casework.NeedsProfile) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "参加ニーズを記録する権限がありません。")
	}
	return db.inTx(ctx, true, "参加ニーズ", func(tx *Tx) error {
		seeAddr, scope, err := tx.personView(ctx, a, p.PersonID)
		if err != nil {
			return err
		}
		// what the viewer may not read it cannot overwrite either
		if stored, err := tx.profile(ctx, a.MunicipalityID, p.PersonID); err == nil && stored.Version > 0 {
			if !seeAddr {
				p.HomeLat, p.HomeLng, p.Districts = stored.HomeLat, stored.HomeLng, stored.Districts
			}
			if !scope.Has(casework.CatHealth) {
				p.HealthLimits = stored.HealthLimits
			}
		}
		if err := p.Validate(); err != nil {
			return err
		}
		args := []any{joinList(p.Interests), joinList(p.Days), joinList(p.TimeSlots), joinLines(p.Districts), coordText(p.HomeLat), coordText(p.HomeLng),
			p.HealthLimits, joinList(p.SupportNeeded), p.Note, a.UserID, ts(tx.now)}
		if p.Version == 0 {
			if _, err := tx.exec(ctx, `INSERT INTO needs_profiles (interests, days, time_slots, districts, home_lat, home_lng, health_limits, support_needed,
				note, updated_by, updated_at, id, municipality_id, person_id, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)`,
				append(args, newID(), a.MunicipalityID, p.PersonID, ts(tx.now))...); err != nil {
				return mapError(err, "参加ニーズ")
			}
		} else if err := tx.execOne(ctx, casework.Conflict("参加ニーズ"), `UPDATE needs_profiles SET interests = ?, days = ?, time_slots = ?, districts = ?,
			home_lat = ?, home_lng = ?, health_limits = ?, support_needed = ?, note = ?, updated_by = ?, updated_at = ?, version = version + 1
			WHERE municipality_id = ? AND person_id = ? AND version = ?`, append(args, a.MunicipalityID, p.PersonID, p.Version)...); err != nil {
			return err
		}
		p.Version++
		p.Updated = tx.now
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "needs_profile", ObjectID: p.PersonID})
	})
}

// MatchSuggestions ranks the resources that accept participants against the
// person's needs profile, with the reasons. Audited as a view of the profile.
func (db *DB) MatchSuggestions(ctx context.Context, a casework.Actor, personID string) ([]casework.Suggestion, error) {
	var out []casework.Suggestion
	err := db.inRead(ctx, "参加ニーズ", func(tx *Tx) error {
		seeAddr, scope, err := tx.personView(ctx, a, personID)
		if err != nil {
			return err
		}
		p, err := tx.profile(ctx, a.MunicipalityID, personID)
		if err != nil {
			return err
		}
		p.LimitTo(seeAddr, scope) // no ranking by distance from a hidden home
		rs, err := tx.resources(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		out = casework.RankResources(p, rs)
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "needs_profile", ObjectID: personID, Reason: "match suggestions"})
	})
	return out, err
}

package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/retention"
)

// Legal holds (訴訟・開示請求・監査による保存, issue 23): set and lifted by a
// privacy officer, audited; while one is in force nothing of its person or
// case is proposed for disposal or disposed of.

const holdCols = "id, subject_type, subject_id, kind, reason, set_by, set_by_name, set_at, lifted_by, lifted_by_name, lifted_at, lift_reason, version"

func scanHold(s scanner) (retention.Hold, error) {
	var h retention.Hold
	var setAt, liftedAt string
	err := s.Scan(&h.ID, &h.SubjectType, &h.SubjectID, &h.Kind, &h.Reason, &h.SetBy, &h.SetByName, &setAt, &h.LiftedBy, &h.LiftedByName, &liftedAt, &h.LiftReason, &h.Version)
	h.SetAt, h.Active, h.KindLabel = parseTS(setAt), liftedAt == "", retention.HoldKinds.Label(h.Kind)
	if liftedAt != "" {
		h.LiftedAt = parseTS(liftedAt)
	}
	return h, err
}

// LegalHolds lists the holds of the municipality, those in force first;
// with all, the lifted ones too.
func (db *DB) LegalHolds(ctx context.Context, a casework.Actor, all bool) ([]retention.Hold, error) {
	if err := retention.CheckView(a); err != nil {
		return nil, err
	}
	var out []retention.Hold
	err := db.inTx(ctx, false, "廃棄の保留", func(tx *Tx) error {
		q := "SELECT " + holdCols + " FROM legal_holds WHERE municipality_id = ?"
		if !all {
			q += " AND lifted_at = ''"
		}
		var err error
		if out, err = collect(ctx, tx, scanHold, q+" ORDER BY lifted_at, set_at DESC, id", a.MunicipalityID); err != nil {
			return err
		}
		return tx.holdLabels(ctx, a.MunicipalityID, out)
	})
	return out, err
}

// holdLabels names each hold's case by its number (a person stays an id:
// the holds list is not a place to read names).
func (t *Tx) holdLabels(ctx context.Context, muni string, hs []retention.Hold) error {
	for i := range hs {
		if hs[i].SubjectType != retention.SubjectCase {
			continue
		}
		_ = t.queryRow(ctx, "SELECT number FROM cases WHERE id = ? AND municipality_id = ?", hs[i].SubjectID, muni).Scan(&hs[i].SubjectLabel)
	}
	return nil
}

// SetLegalHold puts a hold on a person (by id) or a case (by id or case
// number) of the actor's municipality.
func (db *DB) SetLegalHold(ctx context.Context, a casework.Actor, h *retention.Hold) error {
	if err := retention.CheckHold(a); err != nil {
		return err
	}
	h.SubjectID, h.Reason = strings.TrimSpace(h.SubjectID), strings.TrimSpace(h.Reason)
	if err := retention.ValidateHold(h); err != nil {
		return err
	}
	return db.inTx(ctx, true, "廃棄の保留", func(tx *Tx) error {
		var id string
		if h.SubjectType == retention.SubjectCase {
			err := tx.queryRow(ctx, "SELECT id FROM cases WHERE municipality_id = ? AND (id = ? OR number = ?) ORDER BY id LIMIT 1", a.MunicipalityID, h.SubjectID, h.SubjectID).Scan(&id)
			if err != nil {
				return invalidField("subject_id", "そのケース（IDまたはケース番号）が見つかりません。")
			}
		} else if err := tx.queryRow(ctx, "SELECT id FROM persons WHERE municipality_id = ? AND id = ?", a.MunicipalityID, h.SubjectID).Scan(&id); err != nil {
			return invalidField("subject_id", "その本人（ID）が見つかりません。本人のページのアドレスの末尾のIDを入力してください。")
		}
		h.ID, h.SubjectID, h.SetBy, h.SetByName, h.SetAt, h.Active, h.Version = newID(), id, a.UserID, tx.userName(ctx, a.MunicipalityID, a.UserID), tx.now, true, 1
		h.KindLabel = retention.HoldKinds.Label(h.Kind)
		if _, err := tx.exec(ctx, "INSERT INTO legal_holds (id, municipality_id, subject_type, subject_id, kind, reason, set_by, set_by_name, set_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
			h.ID, a.MunicipalityID, h.SubjectType, h.SubjectID, h.Kind, h.Reason, h.SetBy, h.SetByName, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		if h.SubjectType == retention.SubjectCase {
			_ = tx.queryRow(ctx, "SELECT number FROM cases WHERE id = ?", id).Scan(&h.SubjectLabel)
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "legal_hold", ObjectID: id, Reason: "廃棄の保留: " + h.KindLabel})
	})
}

// LiftLegalHold ends a hold (reason required); the row stays as history.
func (db *DB) LiftLegalHold(ctx context.Context, a casework.Actor, id, reason string, version int) (retention.Hold, error) {
	var h retention.Hold
	if err := retention.CheckHold(a); err != nil {
		return h, err
	}
	reason = strings.TrimSpace(reason)
	if err := retention.CheckText("lift_reason", reason, true); err != nil {
		ce := err.(*casework.Error)
		return h, invalidField("lift_reason", ce.Fields["lift_reason"])
	}
	err := db.inTx(ctx, true, "廃棄の保留", func(tx *Tx) error {
		var err error
		if h, err = scanHold(tx.queryRow(ctx, "SELECT "+holdCols+" FROM legal_holds WHERE id = ? AND municipality_id = ?", id, a.MunicipalityID)); err != nil {
			return err
		}
		if !h.Active {
			return casework.Errorf(casework.ECONFLICT, "この保留はすでに解除されています。")
		}
		if version == 0 {
			version = h.Version // the command line: no form read before
		}
		name := tx.userName(ctx, a.MunicipalityID, a.UserID)
		if err := tx.execOne(ctx, casework.Errorf(casework.ECONFLICT, "ほかの職員が先にこの保留を変更しました。画面を開き直してください。"),
			"UPDATE legal_holds SET lifted_by = ?, lifted_by_name = ?, lifted_at = ?, lift_reason = ?, version = version + 1 WHERE id = ? AND version = ? AND lifted_at = ''",
			a.UserID, name, ts(tx.now), reason, id, version); err != nil {
			return err
		}
		h.LiftedBy, h.LiftedByName, h.LiftedAt, h.LiftReason, h.Active, h.Version = a.UserID, name, tx.now, reason, false, h.Version+1
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "legal_hold", ObjectID: h.SubjectID, Reason: "廃棄の保留を解除: " + h.KindLabel})
	})
	return h, err
}

// holdSet is what the holds in force stop: kinds by person and by case,
// and the cases, meetings and outreach targets they reach.
type holdSet struct {
	persons, cases map[string][]string // the holds' own subjects
	blockedCases   map[string][]string // held, or the focus person or a member of the household held
}

func (h holdSet) empty() bool { return len(h.persons) == 0 && len(h.cases) == 0 }

// activeHolds reads the holds in force and the cases they block.
func (t *Tx) activeHolds(ctx context.Context, muni string) (holdSet, error) {
	h := holdSet{persons: map[string][]string{}, cases: map[string][]string{}, blockedCases: map[string][]string{}}
	rows, err := t.query(ctx, "SELECT subject_type, subject_id, kind FROM legal_holds WHERE municipality_id = ? AND lifted_at = ''", muni)
	if err != nil {
		return h, err
	}
	for rows.Next() {
		var st, id, kind string
		if err := rows.Scan(&st, &id, &kind); err != nil {
			rows.Close()
			return h, err
		}
		if st == retention.SubjectCase {
			h.cases[id] = append(h.cases[id], kind)
		} else {
			h.persons[id] = append(h.persons[id], kind)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || h.empty() {
		return h, err
	}
	for id, k := range h.cases {
		h.blockedCases[id] = append(h.blockedCases[id], k...)
	}
	// the held persons' own cases, and the cases of every household they are members of
	// (two index lookups per batch: cases_focus, household_members_person + cases_household)
	var pids []any
	for pid := range h.persons {
		pids = append(pids, pid)
	}
	for start := 0; start < len(pids); start += 500 {
		chunk := pids[start:min(start+500, len(pids))]
		in := placeholders(len(chunk))
		for _, q := range []string{
			"SELECT id, focus_person_id FROM cases WHERE focus_person_id IN (" + in + ") AND " + t.dialect.noIndex("municipality_id") + " = ?",
			"SELECT c.id, m.person_id FROM household_members m JOIN cases c ON c.household_id = m.household_id WHERE m.person_id IN (" + in + ") AND " +
				t.dialect.noIndex("c.municipality_id") + " = ?",
		} {
			rows, err := t.query(ctx, q, append(append([]any(nil), chunk...), muni)...)
			if err != nil {
				return h, err
			}
			for rows.Next() {
				var id, pid string
				if err := rows.Scan(&id, &pid); err != nil {
					rows.Close()
					return h, err
				}
				h.blockedCases[id] = append(h.blockedCases[id], h.persons[pid]...)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return h, err
			}
		}
	}
	return h, nil
}

// blockedMeetings are the meetings with an item on a blocked case or on an
// outreach target of a held person.
func (t *Tx) blockedMeetings(ctx context.Context, muni string, h holdSet) (map[string][]string, error) {
	out := map[string][]string{}
	if h.empty() {
		return out, nil
	}
	rows, err := t.query(ctx, `SELECT meeting_id, case_id, '' FROM meeting_items WHERE municipality_id = ?
		UNION ALL SELECT i.meeting_id, o.case_id, o.person_id FROM meeting_outreach_items i JOIN outreach_targets o ON o.id = i.target_id WHERE i.municipality_id = ?`, muni, muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m, c, p string
		if err := rows.Scan(&m, &c, &p); err != nil {
			return nil, err
		}
		if k := h.blockedCases[c]; len(k) > 0 {
			out[m] = append(out[m], k...)
		}
		if k := h.persons[p]; p != "" && len(k) > 0 {
			out[m] = append(out[m], k...)
		}
	}
	return out, rows.Err()
}

package sqldb

import (
	"context"
	"encoding/json"
	"runtime"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
)

// DuplicateHit is a person who may be the same as another.
type DuplicateHit struct {
	PersonID string   `json:"person_id"`
	Score    int      `json:"score"`
	Reasons  []string `json:"reasons"`
	Same     bool     `json:"same,omitempty"`     // at or above the "same person" threshold
	Decision string   `json:"decision,omitempty"` // same or different, when decided
}

const dupCols = "id, family_name, given_name, family_kana, given_kana, birth_date, sex, reg_postal_code, reg_prefecture, reg_city, reg_street, phone"

// PersonRecord gives the comparison record of a person being registered.
// Its other names are its 旧姓 and 通称 fields and OtherNames.
func PersonRecord(p casework.Person) dedupe.Record {
	r := dedupe.NewRecord(p.ID, p.FamilyName, p.GivenName, p.FamilyKana, p.GivenKana, p.BirthDate, p.Sex,
		p.Address.PostalCode, p.Address.Prefecture+p.Address.City, p.Address.Street, p.Phone)
	addOthers(&r, formAliases(&p))
	addOthers(&r, p.OtherNames)
	return r
}

// thresholds reads duplicate_same_score and duplicate_review_score from the
// municipality's settings, with the defaults for what is not set.
func (t *Tx) thresholds(ctx context.Context, muni string) (dedupe.Thresholds, error) {
	var raw string
	if err := t.queryRow(ctx, "SELECT settings FROM municipalities WHERE id = ?", muni).Scan(&raw); err != nil {
		return dedupe.DefaultThresholds, err
	}
	th := dedupe.Thresholds{}
	_ = json.Unmarshal([]byte(raw), &th)
	if th.Same <= 0 {
		th.Same = dedupe.DefaultThresholds.Same
	}
	if th.Review <= 0 || th.Review > th.Same {
		th.Review = min(dedupe.DefaultThresholds.Review, th.Same)
	}
	return th, nil
}

// birthKeys are the stored birth dates that may be the same as b: b, with
// day and month swapped, and the year alone.
func birthKeys(b string) []string {
	if b == "" {
		return nil
	}
	out := []string{b}
	if len(b) == 10 {
		if s := b[:5] + b[8:10] + "-" + b[5:7]; s != b {
			out = append(out, s)
		}
		out = append(out, b[:4], b[:7])
	}
	return out
}

// CheckDuplicates is the check at registration: persons who may be the same
// as p (not yet saved, or saved with p.ID), restricted to those the actor
// may see in full. It is audited as a search.
func (db *DB) CheckDuplicates(ctx context.Context, a casework.Actor, p casework.Person) ([]DuplicateHit, error) {
	if !casework.CanHandleCases(a) && a.UserID != "system" {
		return nil, casework.Errorf(casework.EFORBIDDEN, "本人を検索する権限がありません。")
	}
	var out []DuplicateHit
	var audited chan error
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		// The audit event goes to the group commit as the read begins, so
		// that its commit (an fsync) overlaps the lookups instead of
		// following them; the answer still waits for it and is withheld if
		// it fails. A check that fails after this is recorded all the same
		// (an attempt, never data handed out unrecorded).
		ev := pendingAudit{actor: a, rec: auditRecord{Action: casework.ActSearch, ObjectType: "person_duplicates", ObjectID: p.ID}, at: tx.now}
		if a.MunicipalityID == "" {
			return tx.audit(ctx, a, ev.rec) // refused there
		}
		audited = make(chan error, 1)
		go func() { audited <- db.auditq.commit(ctx, db, []pendingAudit{ev}) }()
		var err error
		out, err = tx.duplicatesOf(ctx, a, p, a.UserID == "system")
		return err
	})
	if audited != nil {
		if aerr := <-audited; aerr != nil {
			return nil, aerr
		}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// duplicatesOf lists the persons who may be the same as p: those the actor
// may see in full, or every one (everyone: the system, the municipality's
// review of duplicates).
func (t *Tx) duplicatesOf(ctx context.Context, a casework.Actor, p casework.Person, everyone bool) ([]DuplicateHit, error) {
	th, err := t.thresholds(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	r := PersonRecord(p)
	cs, pairs, err := t.candidates(ctx, a.MunicipalityID, r, p.NameKey, p.KanaKey, otherKeys(p), birthKeys(p.BirthDate), p.Phone, th)
	if err != nil {
		return nil, err
	}
	decided, err := t.decisionsOf(ctx, a.MunicipalityID, p.ID)
	if err != nil {
		return nil, err
	}
	var visible map[string]bool
	if !everyone {
		ids := make([]string, len(pairs))
		for i, pr := range pairs {
			ids[i] = cs[pr.B].ID
		}
		if visible, err = t.visiblePersons(ctx, a, ids); err != nil {
			return nil, err
		}
	}
	var hidden map[string]bool
	if a.UserID != "system" {
		ids := make([]string, 0, len(pairs))
		for _, pr := range pairs {
			ids = append(ids, cs[pr.B].ID)
		}
		if hidden, err = t.hiddenAddresses(ctx, a, ids); err != nil {
			return nil, err
		}
	}
	out := []DuplicateHit{}
	for _, pr := range pairs {
		c := cs[pr.B]
		if visible != nil && !visible[c.ID] {
			continue
		}
		if decided[c.ID] == "different" {
			continue
		}
		score, reasons := pr.Score, pr.Reasons
		if hidden[c.ID] {
			// rule 6: a protected address is never compared for someone who
			// may not see it (a match would confirm a guessed address)
			c.Postal, c.Street, c.Area = "", "", ""
			if score, reasons = dedupe.Score(r, c); score < th.Review {
				continue
			}
		}
		out = append(out, DuplicateHit{PersonID: c.ID, Score: score, Reasons: reasons, Same: th.IsSame(score, reasons), Decision: decided[c.ID]})
	}
	return out, nil
}

// hiddenAddresses reports which of the persons ids have an address the
// actor may not see (rule 6, casework.CanSeeAddress).
func (t *Tx) hiddenAddresses(ctx context.Context, a casework.Actor, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	var refs []personRef
	for start := 0; start < len(ids); start += factsBatch {
		chunk := ids[start:min(start+factsBatch, len(ids))]
		args := make([]any, 0, len(chunk))
		for _, id := range chunk {
			args = append(args, id)
		}
		// only a protected address can be hidden from someone who sees the person
		rs, err := collect(ctx, t, func(s scanner) (personRef, error) {
			r := personRef{DV: true}
			return r, s.Scan(&r.ID, &r.RegisteredBy)
		}, "SELECT id, registered_by_org_id FROM persons WHERE id IN ("+placeholders(len(chunk))+") AND dv_protected = 1", args...)
		if err != nil {
			return nil, err
		}
		refs = append(refs, rs...)
	}
	facts, err := t.personsFacts(ctx, a.MunicipalityID, refs)
	if err != nil {
		return nil, err
	}
	day := casework.Today(t.now)
	for _, r := range refs {
		out[r.ID] = !casework.CanSeeAddress(a, facts[r.ID], day)
	}
	return out, nil
}

// visiblePersons reports which of the persons ids the actor may see in full
// (rule 4), with one query for the registering organizations and one round
// of case facts for those registered by another organization.
func (t *Tx) visiblePersons(ctx context.Context, a casework.Actor, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	type reg struct {
		id, org string
		dv      bool
	}
	regs, err := collect(ctx, t, func(s scanner) (reg, error) {
		var r reg
		var dv int
		err := s.Scan(&r.id, &r.org, &dv)
		r.dv = dv == 1
		return r, err
	}, "SELECT id, registered_by_org_id, dv_protected FROM persons WHERE id IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	day := casework.Today(t.now)
	var others []personRef
	for _, r := range regs {
		if casework.CanSeePerson(a, casework.PersonFacts{RegisteredBy: r.org}, day) {
			out[r.id] = true
		} else {
			others = append(others, personRef{ID: r.id, RegisteredBy: r.org, DV: r.dv})
		}
	}
	if len(others) == 0 {
		return out, nil
	}
	facts, err := t.personsFacts(ctx, a.MunicipalityID, others)
	if err != nil {
		return nil, err
	}
	for _, r := range others {
		out[r.ID] = casework.CanSeePerson(a, facts[r.ID], day)
	}
	return out, nil
}

// PersonDuplicates lists the persons who may be the same as person id: only
// persons the actor may see in full, never those decided "not the same".
func (db *DB) PersonDuplicates(ctx context.Context, a casework.Actor, id string) ([]DuplicateHit, error) {
	var out []DuplicateHit
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		p, err := tx.visiblePerson(ctx, a, id)
		if err != nil {
			return err
		}
		stored, err := scanPerson(tx.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE id = ?", id))
		if err != nil {
			return err
		}
		p.Phone = stored.Phone                          // compared, never shown
		if err := tx.loadAliases(ctx, &p); err != nil { // 旧姓・通称 compared
			return err
		}
		if !p.AddressHidden {
			p.Address = stored.Address // a protected address is never compared (rule 6)
		}
		if out, err = tx.duplicatesOf(ctx, a, p, false); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "person_duplicates", ObjectID: id})
	})
	return out, err
}

// DuplicatePair is one line of the batch.
type DuplicatePair struct {
	A, B    string
	Score   int
	Same    bool
	Reasons []string
}

// AllDuplicates runs the batch over every identified person of the actor's
// municipality (command line only: the system actor) and calls fn for each
// pair at or above the review threshold, best first, leaving out pairs
// decided "not the same". The pairs are also stored as the review list of
// the duplicates page (DuplicateReview). The batch is audited as an export.
func (db *DB) AllDuplicates(ctx context.Context, a casework.Actor, fn func(DuplicatePair) error) error {
	if a.UserID != "system" {
		return casework.Errorf(casework.EFORBIDDEN, "重複候補の一括出力はコマンドラインからのみ行えます。")
	}
	return db.inTx(ctx, true, "本人", func(tx *Tx) error {
		th, err := tx.thresholds(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		// the 旧姓・通称 copied by migration 0038 get their lookup keys
		if err := tx.fillAliasKeys(ctx, a.MunicipalityID); err != nil {
			return err
		}
		rs, err := readDupRecords(ctx, tx, a.MunicipalityID)
		if err != nil {
			return err
		}
		different := map[[2]string]bool{}
		ds, err := collect(ctx, tx, scanDecision, "SELECT "+decisionCols+" FROM duplicate_decisions WHERE municipality_id = ? AND revoked_at = '' AND decision = 'different'", a.MunicipalityID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			different[[2]string{d.PersonA, d.PersonB}], different[[2]string{d.PersonB, d.PersonA}] = true, true
		}
		var found []DuplicatePair
		for _, p := range dedupe.Batch(rs, th, runtime.GOMAXPROCS(0)) {
			x, y := rs[p.A].ID, rs[p.B].ID
			if different[[2]string{x, y}] {
				continue
			}
			dp := DuplicatePair{A: x, B: y, Score: p.Score, Same: th.IsSame(p.Score, p.Reasons), Reasons: p.Reasons}
			found = append(found, dp)
			if err := fn(dp); err != nil {
				return err
			}
		}
		// the review list of the duplicates page
		if err := tx.saveCandidates(ctx, a.MunicipalityID, found); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActExport, ObjectType: "person_duplicates"})
	})
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// 開示請求 (個人情報保護法第76条) on file: the privacy officer records them
// (casework.CanHandleDisclosure) and produces a person's bundle only against
// one (disclosure_bundle.go). Every write and read here is audited.

const disclosureRequestCols = `r.id, r.person_id, r.request_number, r.received_on, r.requester_name, r.requester_relation, r.note,
	r.decision, r.decided_on, r.decision_note, r.recorded_by, COALESCE(u.name, ''), r.version, r.created_at,
	p.identified, p.family_name, p.given_name, p.label`

const disclosureRequestFrom = ` FROM disclosure_requests r JOIN persons p ON p.id = r.person_id LEFT JOIN users u ON u.id = r.recorded_by `

func scanDisclosureRequest(s scanner) (casework.DisclosureRequest, error) {
	var r casework.DisclosureRequest
	var created, fam, giv, label string
	var ident int
	err := s.Scan(&r.ID, &r.PersonID, &r.Number, &r.ReceivedOn, &r.RequesterName, &r.RequesterRelation, &r.Note,
		&r.Decision, &r.DecidedOn, &r.DecisionNote, &r.RecordedBy, &r.RecordedByName, &r.Version, &created,
		&ident, &fam, &giv, &label)
	r.Created, r.DueOn = parseTS(created), casework.DisclosureDueOn(r.ReceivedOn)
	p := casework.Person{Identified: ident == 1, FamilyName: fam, GivenName: giv, Label: label}
	r.PersonName = p.DisplayName()
	return r, err
}

func forbidDisclosure() error {
	return casework.Errorf(casework.EFORBIDDEN, "開示請求・訂正請求・利用停止請求は個人情報保護担当だけが扱えます。")
}

// disclosureRequest loads one request of the municipality.
func (t *Tx) disclosureRequest(ctx context.Context, muni, id string) (casework.DisclosureRequest, error) {
	r, err := scanDisclosureRequest(t.queryRow(ctx, "SELECT "+disclosureRequestCols+disclosureRequestFrom+"WHERE r.municipality_id = ? AND r.id = ?", muni, id))
	return r, mapError(err, "開示請求")
}

// subjectExists checks that id is a person of the municipality (the privacy
// officer's path reads across organizations: no visibility rule applies).
func (t *Tx) subjectExists(ctx context.Context, muni, id string) error {
	_, err := t.subjectDeceasedOn(ctx, muni, id)
	return err
}

// subjectDeceasedOn is the recorded day of death of person id ("" alive).
func (t *Tx) subjectDeceasedOn(ctx context.Context, muni, id string) (string, error) {
	var d string
	err := t.queryRow(ctx, "SELECT deceased_on FROM persons WHERE municipality_id = ? AND id = ?", muni, id).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", casework.NotFound("本人")
	}
	return d, err
}

// CreateDisclosureRequest records a 開示請求. The request number is unique in
// the municipality.
func (db *DB) CreateDisclosureRequest(ctx context.Context, a casework.Actor, r *casework.DisclosureRequest) error {
	if !casework.CanHandleDisclosure(a) {
		return forbidDisclosure()
	}
	return db.inTx(ctx, true, "開示請求", func(tx *Tx) error {
		if err := r.Validate(tx.now); err != nil {
			return err
		}
		dead, err := tx.subjectDeceasedOn(ctx, a.MunicipalityID, r.PersonID)
		if err != nil {
			return err
		}
		if err := casework.CheckLivingSubject(dead, r.ReceivedOn); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM disclosure_requests WHERE municipality_id = ? AND request_number = ?", a.MunicipalityID, r.Number).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			msg := "この請求番号はすでに登録されています。"
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"request_number": msg}}
		}
		r.ID, r.RecordedBy, r.Version, r.Created = newID(), a.UserID, 1, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO disclosure_requests (id, municipality_id, person_id, request_number, received_on, requester_name,
			requester_relation, note, recorded_by, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,1,?,?)`,
			r.ID, a.MunicipalityID, r.PersonID, r.Number, r.ReceivedOn, r.RequesterName, r.RequesterRelation, r.Note, a.UserID, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		got, err := tx.disclosureRequest(ctx, a.MunicipalityID, r.ID)
		if err != nil {
			return err
		}
		*r = got
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "disclosure_request", ObjectID: r.ID,
			Reason: "開示請求 " + r.Number})
	})
}

// DisclosureRequests lists the requests on file, newest first: all of the
// municipality (personID "", up to 500) or one person's. Audited.
func (db *DB) DisclosureRequests(ctx context.Context, a casework.Actor, personID string) ([]casework.DisclosureRequest, error) {
	if !casework.CanHandleDisclosure(a) {
		return nil, forbidDisclosure()
	}
	var out []casework.DisclosureRequest
	err := db.inRead(ctx, "開示請求", func(tx *Tx) error {
		q, args := "SELECT "+disclosureRequestCols+disclosureRequestFrom+"WHERE r.municipality_id = ?", []any{a.MunicipalityID}
		if personID != "" {
			q, args = q+" AND r.person_id = ?", append(args, personID)
		}
		var err error
		if out, err = collect(ctx, tx, scanDisclosureRequest, q+" ORDER BY r.received_on DESC, r.created_at DESC LIMIT 500", args...); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "disclosure_requests", ObjectID: personID})
	})
	return out, err
}

// DecideDisclosureRequest records the 開示決定 (第82条) of a request; a
// stale version is a conflict.
func (db *DB) DecideDisclosureRequest(ctx context.Context, a casework.Actor, id, decision, decidedOn, note string, version int) (casework.DisclosureRequest, error) {
	var r casework.DisclosureRequest
	if !casework.CanHandleDisclosure(a) {
		return r, forbidDisclosure()
	}
	err := db.inTx(ctx, true, "開示請求", func(tx *Tx) error {
		cur, err := tx.disclosureRequest(ctx, a.MunicipalityID, id)
		if err != nil {
			return err
		}
		day, err := casework.ValidateDisclosureDecision(cur, decision, decidedOn, note, tx.now)
		if err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("開示請求"), `UPDATE disclosure_requests SET decision = ?, decided_on = ?, decision_note = ?,
			decided_by = ?, version = version + 1, updated_at = ? WHERE municipality_id = ? AND id = ? AND version = ?`,
			decision, day, strings.TrimSpace(note), a.UserID, ts(tx.now), a.MunicipalityID, id, version); err != nil {
			return err
		}
		if r, err = tx.disclosureRequest(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "disclosure_request", ObjectID: id,
			Reason: "開示決定 " + casework.DisclosureDecisions.Label(decision)})
	})
	return r, err
}

// DisclosureCandidate is a person record the privacy officer may mean: it
// compares what the requester's identity documents say (氏名・生年月日)
// with the record before a request is filed against it.
type DisclosureCandidate struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Kana         string `json:"kana"`
	BirthDate    string `json:"birth_date"`
	Address      string `json:"address"` // 住民票上の住所; empty under DV等支援措置 (rule 6)
	DVProtected  bool   `json:"dv_protected"`
	RegisteredBy string `json:"registered_by_organization_name"`
	// Linked: the records decided to be the same person (名寄せ), which a
	// bundle of this one includes.
	Linked []string `json:"linked_person_ids"`
}

// FindDisclosureSubject finds the persons whose name (漢字 or カナ, spaces
// and variants folded as in search) and birth date both match exactly: the
// privacy officer's only way to look a person up (it has no search, rule 7),
// as narrow as the identity check of a request. The lookup is audited as a
// search with its terms.
func (db *DB) FindDisclosureSubject(ctx context.Context, a casework.Actor, name, birth string) ([]DisclosureCandidate, error) {
	if !casework.CanHandleDisclosure(a) {
		return nil, forbidDisclosure()
	}
	v := casework.Invalid{}
	name = strings.TrimSpace(name)
	if name == "" {
		v.Add("name", "氏名（漢字またはカナ）を入力してください。")
	}
	day, msg := casework.NormalizeDate(birth, true)
	if msg != "" {
		v.Add("birth_date", "生年月日: "+msg)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []DisclosureCandidate
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		ps, err := collect(ctx, tx, scanPerson, "SELECT "+personCols+" FROM persons WHERE municipality_id = ? AND birth_date = ? AND (name_key = ? OR kana_key = ?) ORDER BY created_at LIMIT 50",
			a.MunicipalityID, day, japanese.NameKey(name), japanese.KanaKey(name))
		if err != nil {
			return err
		}
		orgs, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			c := DisclosureCandidate{ID: p.ID, Name: p.DisplayName(), Kana: p.DisplayKana(), BirthDate: p.BirthDate, DVProtected: p.DVProtected,
				RegisteredBy: orgs[p.RegisteredByOrgID]}
			if !p.DVProtected {
				c.Address = p.Address.String()
			}
			group, err := tx.disclosureGroup(ctx, a.MunicipalityID, p.ID)
			if err != nil {
				return err
			}
			c.Linked = group[1:]
			out = append(out, c)
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "disclosure_subject",
			Reason: "開示請求の本人確認: " + name + " " + day})
	})
	return out, err
}

// disclosureGroup is id and every record linked with it as the same person
// (名寄せ, live decisions), id first.
func (t *Tx) disclosureGroup(ctx context.Context, muni, id string) ([]string, error) {
	out, seen := []string{id}, map[string]bool{id: true}
	for i := 0; i < len(out) && i < 100; i++ {
		ds, err := t.decisionsOf(ctx, muni, out[i])
		if err != nil {
			return nil, err
		}
		for other, d := range ds {
			if d == "same" && !seen[other] {
				seen[other] = true
				out = append(out, other)
			}
		}
	}
	return out, nil
}

// DisclosureSubject is the person a request is about, as the privacy
// officer's page names them.
type DisclosureSubject struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Kana      string   `json:"kana"`
	BirthDate string   `json:"birth_date"`
	Deceased  string   `json:"deceased_on,omitempty"`
	Linked    []string `json:"linked_person_ids"`
}

// DisclosureOverview is the privacy officer's page of one person: who they
// are, their 開示請求 and their 訂正・利用停止請求. Audited as one view.
type DisclosureOverview struct {
	Subject  DisclosureSubject            `json:"person"`
	Requests []casework.DisclosureRequest `json:"disclosure_requests"`
	Rights   []casework.RightsRequest     `json:"rights_requests"`
}

// DisclosureOverviewOf reads the overview of personID.
func (db *DB) DisclosureOverviewOf(ctx context.Context, a casework.Actor, personID string) (DisclosureOverview, error) {
	var o DisclosureOverview
	if !casework.CanHandleDisclosure(a) {
		return o, forbidDisclosure()
	}
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		p, err := scanPerson(tx.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE municipality_id = ? AND id = ?", a.MunicipalityID, personID))
		if errors.Is(err, sql.ErrNoRows) {
			return casework.NotFound("本人")
		}
		if err != nil {
			return err
		}
		o.Subject = DisclosureSubject{ID: p.ID, Name: p.DisplayName(), Kana: p.DisplayKana(), BirthDate: p.BirthDate, Deceased: p.DeceasedOn}
		group, err := tx.disclosureGroup(ctx, a.MunicipalityID, p.ID)
		if err != nil {
			return err
		}
		o.Subject.Linked = group[1:]
		if o.Requests, err = collect(ctx, tx, scanDisclosureRequest, "SELECT "+disclosureRequestCols+disclosureRequestFrom+
			"WHERE r.municipality_id = ? AND r.person_id = ? ORDER BY r.received_on DESC, r.created_at DESC", a.MunicipalityID, personID); err != nil {
			return err
		}
		if o.Rights, err = tx.rightsRequests(ctx, a.MunicipalityID, []string{personID}); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "disclosure_requests", ObjectID: personID})
	})
	if o.Requests == nil {
		o.Requests = []casework.DisclosureRequest{}
	}
	if o.Rights == nil {
		o.Rights = []casework.RightsRequest{}
	}
	return o, err
}

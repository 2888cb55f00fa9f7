package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

const serviceCols = "id, name, category, bunya, description, contact, scope, version, created_at"

func scanService(s scanner) (casework.Service, error) {
	var v casework.Service
	var bunya, created string
	err := s.Scan(&v.ID, &v.Name, &v.Category, &bunya, &v.Description, &v.Contact, &v.Scope, &v.Version, &created)
	v.Bunya, v.Created = splitList(bunya), parseTS(created)
	return v, err
}

// CreateService adds an entry to the municipality's directory of services.
func (db *DB) CreateService(ctx context.Context, a casework.Actor, s *casework.Service) error {
	if !casework.CanWriteCases(a) && !casework.CanManageOrganizations(a) {
		return casework.Errorf(casework.EFORBIDDEN, "制度・資源を登録する権限がありません。")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "制度・資源", func(tx *Tx) error {
		s.ID, s.Version, s.Created = newID(), 1, tx.now
		if _, err := tx.exec(ctx, "INSERT INTO services (id, municipality_id, "+serviceCols[4:]+") VALUES (?,?,?,?,?,?,?,?,1,?)",
			s.ID, a.MunicipalityID, s.Name, s.Category, joinList(s.Bunya), s.Description, s.Contact, s.Scope, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "service", ObjectID: s.ID})
	})
}

// Services lists the directory, optionally filtered by a word in the name
// or description.
func (db *DB) Services(ctx context.Context, a casework.Actor, q string) ([]casework.Service, error) {
	var out []casework.Service
	err := db.inTx(ctx, false, "制度・資源", func(tx *Tx) error {
		var err error
		out, err = tx.services(ctx, a.MunicipalityID, q)
		return err
	})
	return out, err
}

func (t *Tx) services(ctx context.Context, muni, q string) ([]casework.Service, error) {
	query := "SELECT " + serviceCols + " FROM services WHERE municipality_id = ?"
	args := []any{muni}
	if q = strings.TrimSpace(q); q != "" {
		query += " AND (name LIKE ?" + likeEscape + " OR description LIKE ?" + likeEscape + ")"
		args = append(args, likePattern(q), likePattern(q))
	}
	return collect(ctx, t, scanService, query+" ORDER BY category, name", args...)
}

// RecordProvision records that a service was introduced to a case's person.
func (db *DB) RecordProvision(ctx context.Context, a casework.Actor, p *casework.InfoProvision) error {
	return db.inTx(ctx, true, "情報提供", func(tx *Tx) error {
		if _, _, err := tx.writableCaseData(ctx, a, p.CaseID, casework.CatRecords); err != nil {
			return err
		}
		svc, err := scanService(tx.queryRow(ctx, "SELECT "+serviceCols+" FROM services WHERE municipality_id = ? AND id = ?", a.MunicipalityID, p.ServiceID))
		if err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "制度・資源を一覧から選んでください。", Fields: map[string]string{"service_id": "制度・資源を一覧から選んでください。"}}
		}
		d, msg := casework.NormalizeDate(p.ProvidedOn, false)
		if msg != "" {
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"provided_on": msg}}
		}
		if d == "" {
			d = casework.Today(tx.now)
		}
		p.ID, p.ProvidedOn, p.ServiceName, p.AuthorID, p.Note = newID(), d, svc.Name, a.UserID, strings.TrimSpace(p.Note)
		if _, err := tx.exec(ctx, "INSERT INTO info_provisions (id, municipality_id, case_id, service_id, provided_on, note, author_id, created_at) VALUES (?,?,?,?,?,?,?,?)",
			p.ID, a.MunicipalityID, p.CaseID, p.ServiceID, p.ProvidedOn, p.Note, a.UserID, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "info_provision", ObjectID: p.ID})
	})
}

// Provisions lists what was introduced in a case. Audited.
func (db *DB) Provisions(ctx context.Context, a casework.Actor, caseID string) ([]casework.InfoProvision, error) {
	var out []casework.InfoProvision
	err := db.inRead(ctx, "情報提供", func(tx *Tx) error {
		if _, _, err := tx.readableCaseData(ctx, a, caseID, casework.CatRecords); err != nil {
			return err
		}
		var err error
		out, err = collect(ctx, tx, func(s scanner) (casework.InfoProvision, error) {
			var p casework.InfoProvision
			return p, s.Scan(&p.ID, &p.CaseID, &p.ServiceID, &p.ServiceName, &p.ProvidedOn, &p.Note, &p.AuthorID)
		}, `SELECT i.id, i.case_id, i.service_id, s.name, i.provided_on, i.note, i.author_id FROM info_provisions i
			JOIN services s ON s.id = i.service_id WHERE i.case_id = ? ORDER BY i.provided_on DESC, i.created_at DESC`, caseID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "info_provisions", ObjectID: caseID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

package sqldb

import (
	"context"
	"strings"
	"unicode/utf8"

	"kasane/internal/casework"
)

// CaseView is a saved view of the case list: a name and the query string of
// its filters and order. Each belongs to one user, and only that user sees,
// applies or deletes it.
type CaseView struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Query string `json:"query"`
}

// caseViewsMax bounds the views one user keeps.
const caseViewsMax = 30

// CaseViews lists the actor's own saved views, by name.
func (db *DB) CaseViews(ctx context.Context, a casework.Actor) ([]CaseView, error) {
	var out []CaseView
	err := db.inTx(ctx, false, "保存した条件", func(tx *Tx) error {
		var err error
		out, err = tx.caseViews(ctx, a)
		return err
	})
	return out, err
}

func (t *Tx) caseViews(ctx context.Context, a casework.Actor) ([]CaseView, error) {
	return collect(ctx, t, func(s scanner) (CaseView, error) {
		var v CaseView
		return v, s.Scan(&v.ID, &v.Name, &v.Query)
	}, "SELECT id, name, query FROM case_views WHERE municipality_id = ? AND user_id = ? ORDER BY name, created_at", a.MunicipalityID, a.UserID)
}

// SaveCaseView keeps the actor's view under its name; a view of the same
// name is replaced.
func (db *DB) SaveCaseView(ctx context.Context, a casework.Actor, v *CaseView) error {
	v.Name = strings.TrimSpace(v.Name)
	switch {
	case v.Name == "":
		return &casework.Error{Code: casework.EINVALID, Message: "条件の名前を入力してください。", Fields: map[string]string{"view_name": "条件の名前を入力してください。"}}
	case utf8.RuneCountInString(v.Name) > 40:
		return &casework.Error{Code: casework.EINVALID, Message: "条件の名前は40文字以内で入力してください。", Fields: map[string]string{"view_name": "条件の名前は40文字以内で入力してください。"}}
	case len(v.Query) > 2000:
		return &casework.Error{Code: casework.EINVALID, Message: "条件が長すぎます。", Fields: map[string]string{"view_name": "条件が長すぎます。"}}
	}
	if a.UserID == "" || !casework.CanHandleCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "ケース一覧の条件を保存する権限がありません。")
	}
	return db.inTx(ctx, true, "保存した条件", func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM case_views WHERE municipality_id = ? AND user_id = ? AND name = ?", a.MunicipalityID, a.UserID, v.Name); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM case_views WHERE municipality_id = ? AND user_id = ?", a.MunicipalityID, a.UserID).Scan(&n); err != nil {
			return err
		}
		if n >= caseViewsMax {
			return &casework.Error{Code: casework.EINVALID, Message: "保存できる条件は" + itoa(caseViewsMax) + "件までです。使わない条件を削除してください。",
				Fields: map[string]string{"view_name": "保存できる条件は" + itoa(caseViewsMax) + "件までです。使わない条件を削除してください。"}}
		}
		v.ID = newID()
		_, err := tx.exec(ctx, "INSERT INTO case_views (id, municipality_id, user_id, name, query, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			v.ID, a.MunicipalityID, a.UserID, v.Name, v.Query, ts(tx.now))
		return err
	})
}

// DeleteCaseView deletes one of the actor's own views; another user's view
// is not found.
func (db *DB) DeleteCaseView(ctx context.Context, a casework.Actor, id string) error {
	return db.inTx(ctx, true, "保存した条件", func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM case_views WHERE id = ? AND municipality_id = ? AND user_id = ?", id, a.MunicipalityID, a.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return casework.NotFound("保存した条件")
		}
		return nil
	})
}

// Colleagues are the staff of the actor's own organization (id and name,
// those whose access is stopped left out), by name: the choices of 主担当者
// in the case list's filters.
func (db *DB) Colleagues(ctx context.Context, a casework.Actor) (casework.CodeList, error) {
	var out casework.CodeList
	err := db.inTx(ctx, false, "職員", func(tx *Tx) error {
		var err error
		out, err = tx.colleagues(ctx, a)
		return err
	})
	return out, err
}

func (t *Tx) colleagues(ctx context.Context, a casework.Actor) (casework.CodeList, error) {
	if a.OrganizationID == "" || !casework.CanHandleCases(a) {
		return nil, nil
	}
	return collect(ctx, t, func(s scanner) (casework.CodeItem, error) {
		var c casework.CodeItem
		return c, s.Scan(&c.Value, &c.Label)
	}, "SELECT id, name FROM users WHERE municipality_id = ? AND organization_id = ? AND disabled = 0 ORDER BY name, id", a.MunicipalityID, a.OrganizationID)
}

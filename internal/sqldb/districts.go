package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

// The municipality's master list of 地区 (migration 0030). With a list,
// the 地区 of outreach targets and resources is one of it, stored in the
// list's spelling (桜が丘 typed → 桜ケ丘 stored); without one, free text.

// Districts lists the municipality's 地区 in order.
func (db *DB) Districts(ctx context.Context, a casework.Actor) ([]string, error) {
	var out []string
	err := db.inRead(ctx, "地区", func(tx *Tx) error {
		var err error
		out, err = tx.districtNames(ctx, a.MunicipalityID)
		return err
	})
	if out == nil {
		out = []string{}
	}
	return out, err
}

func (t *Tx) districtNames(ctx context.Context, muni string) ([]string, error) {
	return collect(ctx, t, scanString, "SELECT name FROM districts WHERE municipality_id = ? ORDER BY sort_order, name", muni)
}

// canonicalDistrict applies the master list to a typed 地区.
func (t *Tx) canonicalDistrict(ctx context.Context, muni, name, field string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", nil
	}
	master, err := t.districtNames(ctx, muni)
	if err != nil {
		return "", err
	}
	return casework.CanonicalDistrict(name, master, field)
}

// SetDistricts replaces the master list (municipal administrator). Two
// names that are one 地区 (桜ケ丘 and 桜ヶ丘) are refused.
func (db *DB) SetDistricts(ctx context.Context, a casework.Actor, names []string) ([]string, error) {
	if !casework.CanEditDistricts(a) {
		return nil, casework.Errorf(casework.EFORBIDDEN, "地区の一覧を変更できるのは市区町村管理者だけです。")
	}
	seen := map[string]string{}
	var list []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		k := casework.DistrictKey(n)
		if prev, ok := seen[k]; ok {
			msg := "「" + prev + "」と「" + n + "」は同じ地区です。どちらか一つにしてください。"
			return nil, &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"names": msg}}
		}
		seen[k] = n
		list = append(list, n)
	}
	err := db.inTx(ctx, true, "地区", func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM districts WHERE municipality_id = ?", a.MunicipalityID); err != nil {
			return err
		}
		for i, n := range list {
			if _, err := tx.exec(ctx, "INSERT INTO districts (id, municipality_id, name, name_key, sort_order, created_at) VALUES (?,?,?,?,?,?)",
				newID(), a.MunicipalityID, n, casework.DistrictKey(n), i, ts(tx.now)); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "districts", ObjectID: a.MunicipalityID})
	})
	if list == nil {
		list = []string{}
	}
	return list, err
}

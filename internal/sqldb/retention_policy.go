package sqldb

import (
	"context"
	"encoding/json"

	"kasane/internal/casework"
	"kasane/internal/retention"
)

// The 保存年限 of each record type (issue 23, internal/retention): a row of
// retention_policies, or the default; the audit log's period is the
// municipal setting audit_retention_years of migration 0008 (one setting,
// used by `kasane audit purge` and by disposal alike; negative = 永年).

// RetentionPolicies returns the period of every record type of the actor's
// municipality.
func (db *DB) RetentionPolicies(ctx context.Context, a casework.Actor) ([]retention.Policy, error) {
	if err := retention.CheckView(a); err != nil {
		return nil, err
	}
	var out []retention.Policy
	err := db.inTx(ctx, false, "保存年限", func(tx *Tx) error {
		ps, err := tx.retentionPolicies(ctx, a.MunicipalityID)
		for _, t := range retention.RecordTypes {
			out = append(out, ps[t.Value])
		}
		return err
	})
	return out, err
}

// retentionPolicies reads the policies of a municipality, by record type.
func (t *Tx) retentionPolicies(ctx context.Context, muni string) (map[string]retention.Policy, error) {
	out := map[string]retention.Policy{}
	rows, err := t.query(ctx, "SELECT record_type, years, updated_by, updated_at, version FROM retention_policies WHERE municipality_id = ?", muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var rt, by, at string
		var years, version int
		if err := rows.Scan(&rt, &years, &by, &at, &version); err != nil {
			return nil, err
		}
		p := retention.PolicyOf(rt, years, true)
		p.UpdatedBy, p.UpdatedAt, p.Version = by, parseTS(at), version
		out[rt] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, rt := range retention.RecordTypes {
		if _, ok := out[rt.Value]; !ok && rt.Value != retention.TypeAudit {
			out[rt.Value] = retention.PolicyOf(rt.Value, 0, false)
		}
	}
	var s casework.Settings
	var version int
	var raw string
	if err := t.queryRow(ctx, "SELECT settings, version FROM municipalities WHERE id = ?", muni).Scan(&raw, &version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return nil, err
	}
	ap := retention.PolicyOf(retention.TypeAudit, s.AuditRetention(), s.AuditRetentionYears != 0)
	if s.AuditPermanent() {
		ap = retention.PolicyOf(retention.TypeAudit, 0, true)
	}
	ap.Version = version
	out[retention.TypeAudit] = ap
	return out, nil
}

// SetRetentionPolicy sets the period of one record type (years; 0 = 永年).
// version is the one the form was read at (0 for a type on its default);
// another change since is a conflict. Audited.
func (db *DB) SetRetentionPolicy(ctx context.Context, a casework.Actor, recordType string, years, version int) (retention.Policy, error) {
	if err := retention.CheckEditPolicy(a); err != nil {
		return retention.Policy{}, err
	}
	if !retention.RecordTypes.Has(recordType) {
		return retention.Policy{}, invalidField("record_type", "記録の種類を一覧から選んでください。")
	}
	if years < 0 || years > retention.MaxYears {
		return retention.Policy{}, invalidField("years", "保存年限は1から100までの年数、または「永年」です。")
	}
	var out retention.Policy
	err := db.inTx(ctx, true, "保存年限", func(tx *Tx) error {
		stale := casework.Errorf(casework.ECONFLICT, "ほかの職員が先に保存年限を変更しました。画面を開き直して確かめてください。")
		if recordType == retention.TypeAudit {
			var s casework.Settings
			if err := tx.settings(ctx, a.MunicipalityID, &s); err != nil {
				return err
			}
			s.AuditRetentionYears = years
			if years == 0 {
				s.AuditRetentionYears = -1 // 永年
			}
			b, _ := json.Marshal(s)
			if err := tx.execOne(ctx, stale, "UPDATE municipalities SET settings = ?, version = version + 1 WHERE id = ? AND version = ?",
				string(b), a.MunicipalityID, version); err != nil {
				return err
			}
		} else {
			var cur int
			err := tx.queryRow(ctx, "SELECT version FROM retention_policies WHERE municipality_id = ? AND record_type = ?", a.MunicipalityID, recordType).Scan(&cur)
			switch {
			case err == nil:
				if err := tx.execOne(ctx, stale, "UPDATE retention_policies SET years = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE municipality_id = ? AND record_type = ? AND version = ?",
					years, a.UserID, ts(tx.now), a.MunicipalityID, recordType, version); err != nil {
					return err
				}
			case version != 0:
				return stale
			default:
				if _, err := tx.exec(ctx, "INSERT INTO retention_policies (municipality_id, record_type, years, updated_by, updated_at) VALUES (?,?,?,?,?)",
					a.MunicipalityID, recordType, years, a.UserID, ts(tx.now)); err != nil {
					return err
				}
			}
		}
		ps, err := tx.retentionPolicies(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		out = ps[recordType]
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "retention_policy", ObjectID: recordType, Reason: "保存年限 " + out.Shown()})
	})
	return out, err
}

// userName is a staff member's name as kept in the 廃棄記録 ("" if unknown).
func (t *Tx) userName(ctx context.Context, muni, id string) string {
	var name string
	_ = t.queryRow(ctx, "SELECT name FROM users WHERE id = ? AND municipality_id = ?", id, muni).Scan(&name)
	return name
}

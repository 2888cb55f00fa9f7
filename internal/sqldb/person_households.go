package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// PersonHousehold is a household a person belongs to, as the person page
// shows it. Visible is false for a household the viewer may not open
// (rules 0 and 4: seeing the person, or another member, does not open the
// household): then only the fact of the membership is given, no label, no
// 続柄, nor who registered it.
type PersonHousehold struct {
	HouseholdID  string   `json:"household_id,omitempty"`
	Label        string   `json:"label,omitempty"`
	Kind         string   `json:"kind,omitempty"`
	Relationship string   `json:"relationship,omitempty"`
	Cohabiting   bool     `json:"cohabiting,omitempty"`
	Roles        []string `json:"roles,omitempty"`
	Visible      bool     `json:"visible"`
}

// PersonHouseholds lists the households the person belongs to, for a viewer
// who sees the person (rule 4); the households the viewer may open
// (visibleHousehold) in full, the others as a bare "belongs to a household
// you cannot open". Each household shown is audited as a view.
func (db *DB) PersonHouseholds(ctx context.Context, a casework.Actor, personID string) ([]PersonHousehold, error) {
	var out []PersonHousehold
	err := db.inRead(ctx, "世帯", func(tx *Tx) error {
		if _, err := tx.visiblePerson(ctx, a, personID); err != nil {
			return err
		}
		type membership struct {
			household string
			m         casework.HouseholdMember
		}
		ms, err := collect(ctx, tx, func(s scanner) (membership, error) {
			var r membership
			m, err := scanMember(prefixScanner{s, &r.household})
			r.m = m
			return r, err
		}, `SELECT hm.household_id, hm.id, hm.person_id, hm.relationship, hm.cohabiting, hm.roles, hm.version
			FROM household_members hm JOIN households h ON h.id = hm.household_id
			WHERE hm.person_id = ? AND h.municipality_id = ? ORDER BY h.created_at, h.id`, personID, a.MunicipalityID)
		if err != nil {
			return err
		}
		hidden := false
		for _, r := range ms {
			h, err := tx.visibleHousehold(ctx, a, r.household)
			if casework.ErrorCode(err) == casework.ENOTFOUND {
				hidden = true
				continue
			}
			if err != nil {
				return err
			}
			if err := tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "household", ObjectID: h.ID}); err != nil {
				return err
			}
			out = append(out, PersonHousehold{HouseholdID: h.ID, Label: h.Label, Kind: h.Kind, Relationship: r.m.Relationship,
				Cohabiting: r.m.Cohabiting, Roles: r.m.Roles, Visible: true})
		}
		if hidden { // once, however many: the count says nothing the viewer needs
			out = append(out, PersonHousehold{})
		}
		return nil
	})
	return out, err
}

package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

const personCols = `id, registered_by_org_id, identified, label, family_name, given_name, family_kana, given_kana, alias, maiden_name,
	birth_date, birth_precision, sex, reg_postal_code, reg_prefecture, reg_city, reg_street,
	act_postal_code, act_prefecture, act_city, act_street, phone, phone2, dv_protected, deceased_on,
	name_key, kana_key, version, created_at, updated_at, atena_no, resident_status, resident_status_on`

func scanPerson(s scanner) (casework.Person, error) {
	var p casework.Person
	var ident, dv int
	var created, updated string
	err := s.Scan(&p.ID, &p.RegisteredByOrgID, &ident, &p.Label, &p.FamilyName, &p.GivenName, &p.FamilyKana, &p.GivenKana,
		&p.Alias, &p.MaidenName, &p.BirthDate, &p.BirthPrecision, &p.Sex,
		&p.Address.PostalCode, &p.Address.Prefecture, &p.Address.City, &p.Address.Street,
		&p.ActualAddress.PostalCode, &p.ActualAddress.Prefecture, &p.ActualAddress.City, &p.ActualAddress.Street,
		&p.Phone, &p.Phone2, &dv, &p.DeceasedOn, &p.NameKey, &p.KanaKey, &p.Version, &created, &updated,
		&p.AtenaStored, &p.ResidentStatus, &p.ResidentStatusOn)
	p.Identified, p.DVProtected, p.Created, p.Updated = ident == 1, dv == 1, parseTS(created), parseTS(updated)
	return p, err
}

func personArgs(p *casework.Person) []any {
	return []any{p.RegisteredByOrgID, boolInt(p.Identified), p.Label, p.FamilyName, p.GivenName, p.FamilyKana, p.GivenKana,
		p.Alias, p.MaidenName, p.BirthDate, p.BirthPrecision, p.Sex,
		p.Address.PostalCode, p.Address.Prefecture, p.Address.City, p.Address.Street,
		p.ActualAddress.PostalCode, p.ActualAddress.Prefecture, p.ActualAddress.City, p.ActualAddress.Street,
		p.Phone, p.Phone2, boolInt(p.DVProtected), p.DeceasedOn, p.NameKey, p.KanaKey}
}

// CreatePerson registers a person; the actor's organization is the
// registering one.
func (db *DB) CreatePerson(ctx context.Context, a casework.Actor, p *casework.Person) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "本人情報を登録する権限がありません。")
	}
	return db.inTx(ctx, true, "本人", func(tx *Tx) error {
		if err := p.Normalize(tx.now); err != nil {
			return err
		}
		return tx.insertPerson(ctx, a, p)
	})
}

func (t *Tx) insertPerson(ctx context.Context, a casework.Actor, p *casework.Person) error {
	p.ID, p.MunicipalityID, p.RegisteredByOrgID, p.Version, p.Created, p.Updated = newID(), a.MunicipalityID, a.OrganizationID, 1, t.now, t.now
	args := append([]any{p.ID, p.MunicipalityID}, personArgs(p)...)
	args = append(args, 1, ts(t.now), ts(t.now))
	if _, err := t.exec(ctx, "INSERT INTO persons (id, municipality_id, "+personColsNoID()+") VALUES ("+placeholders(len(args))+")", args...); err != nil {
		return err
	}
	if p.DVProtected {
		if err := t.designateDV(ctx, a, p.ID, a.OrganizationID, "登録時にDV等支援措置を設定した機関"); err != nil {
			return err
		}
	}
	if err := t.placeAtena(ctx, a, p, "", false); err != nil { // juki_persons.go
		return err
	}
	if err := t.noteArrival(ctx, a.MunicipalityID, *p); err != nil { // duplicates_arrival.go
		return err
	}
	p.Decorate(t.now)
	return t.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "person", ObjectID: p.ID})
}

func personColsNoID() string {
	return `registered_by_org_id, identified, label, family_name, given_name, family_kana, given_kana, alias, maiden_name,
	birth_date, birth_precision, sex, reg_postal_code, reg_prefecture, reg_city, reg_street,
	act_postal_code, act_prefecture, act_city, act_street, phone, phone2, dv_protected, deceased_on,
	name_key, kana_key, version, created_at, updated_at`
}

func placeholders(n int) string {
	b := make([]byte, 0, 2*n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

// Person returns a person the actor may see in full (rule 4), with the
// address hidden where rule 6 says so. Reading is audited.
func (db *DB) Person(ctx context.Context, a casework.Actor, id string) (casework.Person, error) {
	var p casework.Person
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		var err error
		p, err = tx.visiblePerson(ctx, a, id)
		if err != nil {
			return err
		}
		if err := tx.loadAliases(ctx, &p); err != nil { // readings of 旧姓・通称
			return err
		}
		if p.FormerNames, err = tx.formerNames(ctx, a.MunicipalityID, id); err != nil { // juki_persons.go
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "person", ObjectID: id})
	})
	if err != nil {
		return casework.Person{}, err
	}
	return p, nil
}

// visiblePerson loads a person and applies rules 4 and 6.
func (t *Tx) visiblePerson(ctx context.Context, a casework.Actor, id string) (casework.Person, error) {
	p, _, err := t.visiblePersonFacts(ctx, a, id)
	return p, err
}

// visiblePersonFacts is visiblePerson that also returns the facts the rules
// were applied to, for writes that decide more on them.
func (t *Tx) visiblePersonFacts(ctx context.Context, a casework.Actor, id string) (casework.Person, casework.PersonFacts, error) {
	p, err := scanPerson(t.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id))
	if err != nil {
		return p, casework.PersonFacts{}, mapError(err, "本人")
	}
	f, err := t.personFacts(ctx, a.MunicipalityID, p)
	if err != nil {
		return p, f, err
	}
	day := casework.Today(t.now)
	if !casework.CanSeePerson(a, f, day) {
		return casework.Person{}, f, casework.NotFound("本人")
	}
	if !casework.CanSeeAddress(a, f, day) {
		p.HideAddress()
	}
	if p.DVProtected && casework.IsDesignated(a, f) {
		p.DVDesignated = f.Designated
	}
	if err := t.applyAtenaRule(ctx, a, &p, f, day); err != nil { // juki_persons.go
		return p, f, err
	}
	p.Decorate(t.now)
	return p, f, nil
}

// UpdatePerson saves changed fields; a stale version is a conflict and
// nothing is overwritten (rule 9). Someone who may not see the address
// cannot change it either: the stored one is kept.
func (db *DB) UpdatePerson(ctx context.Context, a casework.Actor, p *casework.Person) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "本人情報を変更する権限がありません。")
	}
	return db.inTx(ctx, true, "本人", func(tx *Tx) error {
		cur, f, err := tx.visiblePersonFacts(ctx, a, p.ID)
		if err != nil {
			return err
		}
		if cur.Version != p.Version {
			return casework.Conflict("本人情報")
		}
		day := casework.Today(tx.now)
		if cur.AddressHidden {
			stored, err := scanPerson(tx.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE id = ?", p.ID))
			if err != nil {
				return err
			}
			p.Address, p.ActualAddress = stored.Address, stored.ActualAddress
		}
		dvChange := p.DVProtected != cur.DVProtected
		if dvChange {
			if err := casework.CheckDVChange(a, f, p.DVProtected, strings.TrimSpace(p.DVClearReason), day); err != nil {
				return err
			}
		}
		p.AtenaHidden = cur.AtenaHidden // hidden: the stored 宛名番号 is kept
		if err := p.Normalize(tx.now); err != nil {
			return err
		}
		p.RegisteredByOrgID, p.MunicipalityID, p.Created = cur.RegisteredByOrgID, a.MunicipalityID, cur.Created
		args := append(personArgs(p), ts(tx.now), a.MunicipalityID, p.ID, p.Version)
		if err := tx.execOne(ctx, casework.Conflict("本人情報"), `UPDATE persons SET registered_by_org_id = ?, identified = ?, label = ?,
			family_name = ?, given_name = ?, family_kana = ?, given_kana = ?, alias = ?, maiden_name = ?,
			birth_date = ?, birth_precision = ?, sex = ?, reg_postal_code = ?, reg_prefecture = ?, reg_city = ?, reg_street = ?,
			act_postal_code = ?, act_prefecture = ?, act_city = ?, act_street = ?, phone = ?, phone2 = ?, dv_protected = ?, deceased_on = ?,
			name_key = ?, kana_key = ?, updated_at = ?, version = version + 1
			WHERE municipality_id = ? AND id = ? AND version = ?`, args...); err != nil {
			return err
		}
		p.Version++
		p.Updated = tx.now
		p.ResidentStatus, p.ResidentStatusOn = cur.ResidentStatus, cur.ResidentStatusOn
		switch {
		case cur.AtenaHidden:
			p.AtenaNo, p.AtenaStored = "", cur.AtenaStored
		case p.AtenaNo != cur.AtenaStored:
			if err := tx.placeAtena(ctx, a, p, cur.AtenaStored, false); err != nil { // juki_persons.go
				return err
			}
		default:
			p.AtenaStored = cur.AtenaStored
		}
		if err := tx.noteArrival(ctx, a.MunicipalityID, *p); err != nil { // duplicates_arrival.go
			return err
		}
		if dvChange {
			if err := tx.recordDVChange(ctx, a, p); err != nil {
				return err
			}
		}
		p.DVClearReason = ""
		if cur.AddressHidden {
			p.HideAddress()
		}
		p.Decorate(tx.now)
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "person", ObjectID: p.ID})
	})
}

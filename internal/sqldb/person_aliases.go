package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
	"kasane/internal/japanese"
)

// The other names of persons (旧姓, 通称) that duplicate detection compares
// (issue 23, migration 0038 person_aliases). The person's own 旧姓 and 通称
// fields are mirrored as rows of source 本人情報, rewritten with the person;
// rows of other sources are kept.

const aliasCols = "person_id, kind, family_name, given_name, family_kana, given_kana, source, created_at"

type aliasRow struct {
	personID string
	casework.PersonAlias
}

func scanAlias(s scanner) (aliasRow, error) {
	var r aliasRow
	err := s.Scan(&r.personID, &r.Kind, &r.FamilyName, &r.GivenName, &r.FamilyKana, &r.GivenKana, &r.Source, &r.CreatedAt)
	return r, err
}

// aliasKeys are the keys of the whole name of an alias row (a 旧姓 with the
// person's own given name): the lookup keys of the check at registration.
func aliasKeys(a casework.PersonAlias, given, givenKana string) (nameKey, kanaKey string) {
	fam, fk := a.FamilyName, a.FamilyKana
	if a.GivenName != "" {
		given, givenKana = a.GivenName, a.GivenKana
	} else if a.Kind == casework.AliasCommon {
		given, givenKana = "", ""
	}
	nameKey = japanese.NameKey(fam + given)
	if fk != "" {
		kanaKey = japanese.KanaKey(fk + givenKana)
	}
	return nameKey, kanaKey
}

// formAliases are the rows mirroring p's 旧姓 and 通称 fields.
func formAliases(p *casework.Person) []casework.PersonAlias {
	var out []casework.PersonAlias
	if p.MaidenName != "" {
		out = append(out, casework.PersonAlias{Kind: casework.AliasFormer, FamilyName: p.MaidenName, FamilyKana: p.MaidenKana, Source: casework.AliasSourceSelf})
	}
	if p.Alias != "" {
		out = append(out, casework.PersonAlias{Kind: casework.AliasCommon, FamilyName: p.Alias, FamilyKana: p.AliasKana, Source: casework.AliasSourceSelf})
	}
	return out
}

// saveFormAliases rewrites the rows mirroring p's 旧姓 and 通称 and the keys
// of the person's other 旧姓 rows (they take the given name, which may have
// changed).
func (t *Tx) saveFormAliases(ctx context.Context, muni string, p *casework.Person) error {
	if _, err := t.exec(ctx, "DELETE FROM person_aliases WHERE person_id = ? AND source = ?", p.ID, casework.AliasSourceSelf); err != nil {
		return err
	}
	for _, a := range formAliases(p) {
		nk, kk := aliasKeys(a, p.GivenName, p.GivenKana)
		id := "pa-m-" + p.ID // as the migration named the rows it copied
		if a.Kind == casework.AliasCommon {
			id = "pa-a-" + p.ID
		}
		if _, err := t.exec(ctx, "INSERT INTO person_aliases (id, municipality_id, "+aliasCols+", name_key, kana_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
			id, muni, p.ID, a.Kind, a.FamilyName, "", a.FamilyKana, "", a.Source, ts(t.now), nk, kk); err != nil {
			return err
		}
	}
	others, err := collect(ctx, t, scanAlias, "SELECT "+aliasCols+" FROM person_aliases WHERE person_id = ? AND source <> ? AND given_name = ''", p.ID, casework.AliasSourceSelf)
	if err != nil {
		return err
	}
	for _, a := range others {
		nk, kk := aliasKeys(a.PersonAlias, p.GivenName, p.GivenKana)
		if _, err := t.exec(ctx, "UPDATE person_aliases SET name_key = ?, kana_key = ? WHERE person_id = ? AND kind = ? AND family_name = ? AND source = ? AND given_name = ''",
			nk, kk, p.ID, a.Kind, a.FamilyName, a.Source); err != nil {
			return err
		}
	}
	return nil
}

// loadAliases fills the readings of p's 旧姓 and 通称 and its other names
// recorded from elsewhere (for the person page and the edit form).
func (t *Tx) loadAliases(ctx context.Context, p *casework.Person) error {
	rows, err := collect(ctx, t, scanAlias, "SELECT "+aliasCols+" FROM person_aliases WHERE person_id = ? ORDER BY created_at, kind", p.ID)
	if err != nil {
		return err
	}
	p.OtherNames = nil
	for _, r := range rows {
		switch {
		case r.Source == casework.AliasSourceSelf && r.Kind == casework.AliasFormer:
			p.MaidenKana = r.FamilyKana
		case r.Source == casework.AliasSourceSelf:
			p.AliasKana = r.FamilyKana
		default:
			p.OtherNames = append(p.OtherNames, r.PersonAlias)
		}
	}
	return nil
}

// aliasesOf loads the alias rows of the persons ids.
func (t *Tx) aliasesOf(ctx context.Context, ids []string) (map[string][]casework.PersonAlias, error) {
	out := map[string][]casework.PersonAlias{}
	for start := 0; start < len(ids); start += factsBatch {
		chunk := ids[start:min(start+factsBatch, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := collect(ctx, t, scanAlias, "SELECT "+aliasCols+" FROM person_aliases WHERE person_id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.personID] = append(out[r.personID], r.PersonAlias)
		}
	}
	return out, nil
}

// allAliases loads the alias rows of a municipality (the batch, an import).
func (t *Tx) allAliases(ctx context.Context, muni string) (map[string][]casework.PersonAlias, error) {
	rows, err := collect(ctx, t, scanAlias, "SELECT "+aliasCols+" FROM person_aliases WHERE municipality_id = ?", muni)
	out := map[string][]casework.PersonAlias{}
	for _, r := range rows {
		out[r.personID] = append(out[r.personID], r.PersonAlias)
	}
	return out, err
}

// addOthers adds alias rows to the comparison record of their person.
func addOthers(r *dedupe.Record, as []casework.PersonAlias) {
	for _, a := range as {
		switch a.Kind {
		case casework.AliasFormer:
			r.AddFormer(a.FamilyName, a.GivenName, a.FamilyKana, a.GivenKana)
		case casework.AliasCommon:
			name, kana := a.FamilyName, a.FamilyKana
			if a.GivenName != "" {
				name, kana = a.FamilyName+" "+a.GivenName, strings.TrimSpace(a.FamilyKana+" "+a.GivenKana)
			}
			r.AddAlias(name, kana)
		}
	}
}

// attachAliases adds the stored other names to records read from persons.
func (t *Tx) attachAliases(ctx context.Context, rs []dedupe.Record) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	as, err := t.aliasesOf(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rs {
		addOthers(&rs[i], as[rs[i].ID])
	}
	return nil
}

// fillAliasKeys computes the keys of rows that have none (the rows the
// migration copied from the persons registered before it).
func (t *Tx) fillAliasKeys(ctx context.Context, muni string) error {
	type row struct {
		id, giv, gk string
		a           casework.PersonAlias
	}
	rows, err := collect(ctx, t, func(s scanner) (row, error) {
		var r row
		return r, s.Scan(&r.id, &r.a.Kind, &r.a.FamilyName, &r.a.GivenName, &r.a.FamilyKana, &r.a.GivenKana, &r.giv, &r.gk)
	}, `SELECT a.id, a.kind, a.family_name, a.given_name, a.family_kana, a.given_kana, p.given_name, p.given_kana
		FROM person_aliases a JOIN persons p ON p.id = a.person_id WHERE a.municipality_id = ? AND a.name_key = '' AND a.family_name <> ''`, muni)
	if err != nil {
		return err
	}
	for _, r := range rows {
		nk, kk := aliasKeys(r.a, r.giv, r.gk)
		if _, err := t.exec(ctx, "UPDATE person_aliases SET name_key = ?, kana_key = ? WHERE id = ?", nk, kk, r.id); err != nil {
			return err
		}
	}
	return nil
}

// otherKeys are the whole-name keys of p's other names, for the lookups of
// the check at registration.
func otherKeys(p casework.Person) [][2]string {
	var out [][2]string
	for _, a := range append(formAliases(&p), p.OtherNames...) {
		nk, kk := aliasKeys(a, p.GivenName, p.GivenKana)
		out = append(out, [2]string{nk, kk})
	}
	return out
}

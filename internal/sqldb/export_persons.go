package sqldb

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// hiddenAddress is written where rule 6 hides an address.
const hiddenAddress = "（非表示）"

func (t *Tx) exportPersons(ctx context.Context, a casework.Actor) (*report.Table, error) {
	tb := &report.Table{Name: "本人一覧", Columns: []report.Column{report.Col("氏", report.Text), report.Col("名", report.Text), report.Col("氏（カナ）", report.Text),
		report.Col("名（カナ）", report.Text), report.Col("呼び名", report.Text), report.Col("通称", report.Text), report.Col("生年月日", report.Date), report.Col("性別", report.Text),
		report.Col("郵便番号", report.Text), report.Col("住所（住民票）", report.Text), report.Col("実際の居所", report.Text), report.Col("電話", report.Text), report.Col("登録機関", report.Text)}}
	if !casework.CanHandleCases(a) {
		return tb, nil
	}
	scope, sargs := teamScope("c.id", a)
	ids, err := collect(ctx, t, func(s scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	}, `SELECT id FROM persons WHERE municipality_id = ? AND disposed_at = '' AND (registered_by_org_id = ?
		OR id IN (SELECT c.focus_person_id FROM cases c WHERE c.municipality_id = ?`+scope+`)
		OR id IN (SELECT hm.person_id FROM household_members hm JOIN cases c ON c.household_id = hm.household_id WHERE c.municipality_id = ?`+scope+`))
		ORDER BY kana_key, id`, append(append(append([]any{a.MunicipalityID, a.OrganizationID, a.MunicipalityID}, sargs...), a.MunicipalityID), sargs...)...)
	if err != nil {
		return nil, err
	}
	names, err := t.orgNames(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		p, err := t.visiblePerson(ctx, a, id) // rules 4 and 6
		if casework.ErrorCode(err) == casework.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		birth := any(p.BirthDate)
		if p.BirthPrecision != "day" {
			birth = p.BirthDisplay // partial dates stay text
		}
		postal, addr, actual := p.Address.PostalCode, p.Address.Prefecture+p.Address.City+p.Address.Street, p.ActualAddress.String()
		if p.AddressHidden {
			postal, addr, actual = hiddenAddress, hiddenAddress, hiddenAddress
		}
		tb.Rows = append(tb.Rows, []any{p.FamilyName, p.GivenName, p.FamilyKana, p.GivenKana, p.Label, p.Alias, birth,
			casework.Sexes.Label(p.Sex), postal, addr, actual, p.Phone, names[p.RegisteredByOrgID]})
	}
	return tb, nil
}

package web

import (
	"net/url"
	"unicode/utf8"

	"kasane/internal/casework"
)

// attendeeRow is one organization in the attendee table of the meeting
// form: 機関/氏名, 構成員/ゲスト, 出席, 守秘義務確認.
type attendeeRow struct {
	OrgID, OrgName, Kind string
	// Own: the actor's organization, the only one whose acknowledgement
	// may be ticked when the meeting is registered.
	Own bool
}

// attendeeRows lists every active organization, by kind and then name.
func attendeeRows(orgs []casework.Organization, own string) []attendeeRow {
	kinds := map[string]string{}
	for _, o := range orgs {
		kinds[o.ID] = casework.OrgKinds.Label(o.Kind)
	}
	var out []attendeeRow
	for _, c := range orgPicker(orgs) {
		out = append(out, attendeeRow{OrgID: c.Value, OrgName: c.Label, Kind: kinds[c.Value], Own: c.Value == own})
	}
	return out
}

// attendeesFromForm reads the attendee table (present, role.ID, name.ID,
// acks) and the older lists (attendees, guests) the API-like forms send.
// Problems of a row are keyed name.ID, so they stand in that row.
func attendeesFromForm(f url.Values, v casework.Invalid) []casework.Attendee {
	acks := map[string]bool{}
	for _, o := range f["acks"] {
		acks[o] = true
	}
	var out []casework.Attendee
	present := map[string]bool{}
	for _, o := range f["present"] {
		if o == "" || present[o] {
			continue
		}
		present[o] = true
		mg := "member"
		if f.Get("role."+o) == "guest" {
			mg = "guest"
		}
		name := f.Get("name." + o)
		if utf8.RuneCountInString(name) > 60 {
			v.Add("name."+o, "出席者の氏名は60文字以内で入力してください。")
		}
		out = append(out, casework.Attendee{OrganizationID: o, Name: name, MemberOrGuest: mg, ConfidentialityAck: acks[o]})
	}
	for k, vals := range f {
		if len(k) > 5 && k[:5] == "name." && !present[k[5:]] && vals[0] != "" {
			v.Add(k, "氏名を入力した機関は「出席」にもチェックを付けてください。")
		}
	}
	for _, kind := range []string{"attendees", "guests"} {
		for _, o := range f[kind] {
			mg := "member"
			if kind == "guests" {
				mg = "guest"
			}
			out = append(out, casework.Attendee{OrganizationID: o, MemberOrGuest: mg, ConfidentialityAck: acks[o]})
		}
	}
	return out
}

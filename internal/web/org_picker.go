package web

import "kasane/internal/casework"

// orgPicker is the one way a picker of organizations is built: active
// organizations only (a retired one takes nothing new), by kind in the order
// of the code list and then by name, without the ids in leave (the actor's
// own organization where choosing it makes no sense, such as つなぎ先 or an
// organization to add to the team).
func orgPicker(orgs []casework.Organization, leave ...string) casework.CodeList {
	sorted := append([]casework.Organization(nil), orgs...)
	casework.SortOrgs(sorted)
	out := casework.CodeList{}
	for _, o := range sorted {
		if o.Retired() || containsString(leave, o.ID) {
			continue
		}
		out = append(out, casework.CodeItem{Value: o.ID, Label: o.Name})
	}
	return out
}

// orgFilterPicker is the picker of a filter over past records: retired
// organizations stay (their history can be looked up), marked （廃止）.
func orgFilterPicker(orgs []casework.Organization) casework.CodeList {
	sorted := append([]casework.Organization(nil), orgs...)
	casework.SortOrgs(sorted)
	out := casework.CodeList{}
	for _, o := range sorted {
		label := o.Name
		if o.Retired() {
			label += "（廃止）"
		}
		out = append(out, casework.CodeItem{Value: o.ID, Label: label})
	}
	return out
}

// The 運営 choices of the organization forms, for the field templates.
func init() { codeLists["operations"] = casework.Operations }

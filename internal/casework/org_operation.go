package casework

import (
	"encoding/json"
	"sort"
)

// Operations are how an organization is run for the municipality (運営):
// 直営 (the municipality itself), 委託 (contracted by it), or neither (an NPO,
// a company, a medical institution… working on its own account).
var Operations = CodeList{
	{"direct", "直営"},
	{"contracted", "委託"},
	{"independent", "委託なし（独自運営）"},
}

// directKinds are the kinds of organization a municipality can run itself.
// その他 may be either. Every other kind (社会福祉協議会, 医療機関, 民生委員,
// NPO, 企業) is a body of its own: contracted or independent, never 直営.
var directKinds = []string{"municipal_section", "community_support_center", "disability_consultation",
	"self_reliance_support", "child_family_center", "multi_agency", "participation_support",
	"community_building", "child_guidance_center", "health_center", "school", "other"}

// CanBeDirect reports whether an organization of the kind may be 直営.
func CanBeDirect(kind string) bool { return contains(directKinds, kind) }

// Operation is the organization's 運営 code (Operations).
func (o Organization) Operation() string {
	switch {
	case o.Contracted:
		return "contracted"
	case o.OperationChosen == "independent" || (o.OperationChosen == "direct" && CanBeDirect(o.Kind)):
		return o.OperationChosen
	case CanBeDirect(o.Kind):
		return "direct"
	}
	return "independent"
}

// OperationLabel is the organization's 運営 in Japanese.
func (o Organization) OperationLabel() string { return Operations.Label(o.Operation()) }

// SetOperation sets Contracted from an Operations code chosen for the
// organization's kind; the choice must fit the kind.
func (o *Organization) SetOperation(op string) error {
	switch {
	case op == "contracted":
		o.Contracted, o.OperationChosen = true, ""
		return nil
	case op == "direct" && CanBeDirect(o.Kind):
		o.Contracted, o.OperationChosen = false, op
		return nil
	case op == "direct":
		return invalidField("operation", OrgKinds.Label(o.Kind)+"は市の直営にはできません。「委託」か「委託なし（独自運営）」を選んでください。")
	case op == "independent" && (!CanBeDirect(o.Kind) || o.Kind == "other"):
		o.Contracted, o.OperationChosen = false, op
		return nil
	case op == "independent":
		return invalidField("operation", OrgKinds.Label(o.Kind)+"は「直営」か「委託」を選んでください。")
	}
	return invalidField("operation", "運営を選んでください。")
}

func invalidField(field, msg string) error {
	v := Invalid{}
	v.Add(field, msg)
	return v.Err()
}

// Retired reports whether the organization has been retired (廃止).
func (o Organization) Retired() bool { return o.RetiredOn != "" }

// CheckOrgActive refuses a new team membership, referral or other new tie to
// a retired organization; field names the form field that chose it.
func CheckOrgActive(o Organization, field string) error {
	if !o.Retired() {
		return nil
	}
	msg := "「" + o.Name + "」は廃止された機関です。ほかの機関を選んでください。"
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// SortOrgs orders organizations for pickers: by kind in the order of the
// OrgKinds code list, then by name.
func SortOrgs(orgs []Organization) {
	rank := map[string]int{}
	for i, k := range OrgKinds {
		rank[k.Value] = i
	}
	sort.SliceStable(orgs, func(i, j int) bool {
		ri, ok := rank[orgs[i].Kind]
		if !ok {
			ri = len(OrgKinds)
		}
		rj, ok := rank[orgs[j].Kind]
		if !ok {
			rj = len(OrgKinds)
		}
		if ri != rj {
			return ri < rj
		}
		return orgs[i].Name < orgs[j].Name
	})
}

// MarshalJSON adds the derived `operation` to the organization's JSON.
func (o Organization) MarshalJSON() ([]byte, error) {
	type plain Organization
	return json.Marshal(struct {
		plain
		Operation string `json:"operation"`
	}{plain(o), o.Operation()})
}

package web

import (
	"strings"

	"kasane/internal/casework"
)

// field is what the field templates receive; templates build it with
// `fld $ "name" "label"` and modifiers.
type field struct {
	P       *Page
	Name    string
	Label   string
	Req     bool
	Hint    string
	Type    string
	Wareki  bool
	Auto    string
	Class   string
	Options casework.CodeList
}

// Describedby lists the ids of the hint, preview and error of the field.
func (f field) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, "f-"+f.Name+"-hint")
	}
	if f.Wareki {
		ids = append(ids, "f-"+f.Name+"-preview")
	}
	if f.P.Err(f.Name) != "" {
		ids = append(ids, "f-"+f.Name+"-error")
	}
	return strings.Join(ids, " ")
}

// fld builds a field; opts are "req", "wareki", "hint=…", "type=…",
// "auto=…", "class=…", "codes=<list name>".
func fld(p *Page, name, label string, opts ...string) field {
	f := field{P: p, Name: name, Label: label, Type: "text"}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "req":
			f.Req = true
		case "wareki":
			f.Wareki, f.Class = true, "input--date"
		case "hint":
			f.Hint = v
		case "type":
			f.Type = v
		case "auto":
			f.Auto = v
		case "class":
			f.Class = v
		case "codes":
			f.Options = codeList(v)
		}
	}
	return f
}

// withOptions sets the options of a field from organizations or other lists.
func withOptions(f field, l casework.CodeList) field { f.Options = l; return f }

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

// choice is one option of a select, radio group or check group, with
// whether the user's value selects it worked out here: the templates then
// read fields instead of calling functions per option (html/template's
// reflective calls were most of the case page's rendering).
type choice struct {
	Value, Label string
	On           bool
}

// Choices are the options of a select or radio group; On marks the one
// whose value the user chose.
func (f field) Choices() []choice {
	v := f.P.Val(f.Name)
	out := make([]choice, len(f.Options))
	for i, o := range f.Options {
		out[i] = choice{Value: o.Value, Label: o.Label, On: o.Value == v}
	}
	return out
}

// CheckChoices are the options of a check group; On marks each one the user
// checked.
func (f field) CheckChoices() []choice {
	out := make([]choice, len(f.Options))
	for i, o := range f.Options {
		out[i] = choice{Value: o.Value, Label: o.Label, On: f.P.Checked(f.Name, o.Value)}
	}
	return out
}

package main

import (
	"fmt"
	"strings"

	"kasane/internal/casework"
)

// codeUsage lists the values of a code list with their Japanese labels, one
// a line, for a flag's --help text.
func codeUsage(intro string, l casework.CodeList) string {
	w := 0
	for _, it := range l {
		w = max(w, len(it.Value))
	}
	var b strings.Builder
	b.WriteString(intro)
	for _, it := range l {
		fmt.Fprintf(&b, "\n  %-*s  %s", w, it.Value, it.Label)
	}
	return b.String()
}

// checkCodes refuses a value (or, with many, any of the comma-separated
// values) not in the list, naming the valid ones.
func checkCodes(flagName, what, value string, l casework.CodeList, many bool) error {
	vals := []string{value}
	if many {
		vals = splitRoles(value)
	}
	if len(vals) == 0 || (len(vals) == 1 && vals[0] == "") {
		return fmt.Errorf("--%s（%s）を指定してください。使える値: %s", flagName, what, validValues(l))
	}
	for _, v := range vals {
		if !l.Has(v) {
			return fmt.Errorf("--%s の %q は%sとして使えません。使える値: %s", flagName, v, what, validValues(l))
		}
	}
	return nil
}

func validValues(l casework.CodeList) string {
	parts := make([]string, len(l))
	for i, it := range l {
		parts[i] = it.Value + "（" + it.Label + "）"
	}
	return strings.Join(parts, ", ")
}

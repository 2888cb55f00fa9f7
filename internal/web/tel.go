package web

import (
	"html/template"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// telLink shows a phone number as a tel: link, so that it can be tapped on
// a phone. Full-width digits and hyphens are folded; the shown text stays
// as entered. A value with no digits is shown as plain text.
func telLink(s string) template.HTML {
	shown := strings.TrimSpace(s)
	if shown == "" {
		return ""
	}
	var num strings.Builder
	for i, r := range []rune(width.Fold.String(shown)) {
		switch {
		case unicode.IsDigit(r) && r < 128:
			num.WriteRune(r)
		case r == '+' && i == 0:
			num.WriteRune(r)
		}
	}
	if num.Len() < 3 {
		return template.HTML(template.HTMLEscapeString(shown))
	}
	return template.HTML(`<a class="tel" href="tel:` + template.HTMLEscapeString(num.String()) + `">` + template.HTMLEscapeString(shown) + `</a>`)
}

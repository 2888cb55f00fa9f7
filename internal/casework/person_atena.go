package casework

import (
	"regexp"
	"strings"

	"golang.org/x/text/width"
)

// FormerName is a name a person had before a change (旧姓・旧氏名), kept so
// that the person is still found under it.
type FormerName struct {
	FamilyName string `json:"family_name"`
	GivenName  string `json:"given_name,omitempty"`
	FamilyKana string `json:"family_name_kana,omitempty"`
	GivenKana  string `json:"given_name_kana,omitempty"`
	// Until is the day the name changed (異動日), "" when unknown.
	Until string `json:"until,omitempty"`
	// Source says where the change came from: juki (異動 file), import.
	Source string `json:"source,omitempty"`
}

// Display is 氏 名 of the former name.
func (f FormerName) Display() string { return strings.TrimSpace(f.FamilyName + " " + f.GivenName) }

// Resident statuses of the 住民記録 (persons.resident_status).
const (
	ResidentLiving   = "住民"
	ResidentMovedOut = "転出"
	ResidentDeceased = "死亡"
)

var atenaRE = regexp.MustCompile(`^[0-9A-Za-z-]{1,20}$`)

// NormalizeAtenaNo turns a typed 宛名番号 into its stored form (half width,
// no spaces) and returns a Japanese message when it cannot be one. Digits
// are the rule; letters and hyphens are allowed for systems that use them.
func NormalizeAtenaNo(s string) (string, string) {
	s = strings.NewReplacer(" ", "", "　", "").Replace(width.Narrow.String(strings.TrimSpace(s)))
	s = strings.ReplaceAll(s, "ー", "-")
	if s == "" {
		return "", ""
	}
	if !atenaRE.MatchString(s) {
		return s, "宛名番号は半角の数字（英字・ハイフンも可）20文字以内で入力してください。個人番号（マイナンバー）は入力しないでください。"
	}
	return s, ""
}

package report

import "kasane/internal/casework"

// Keys of the community sections of the annual report (アウトリーチ,
// 参加支援, 地域づくり; migration 0005).
const (
	SecOutreachTargets  = "outreach_targets"  // アウトリーチ対象者（把握した月・現在の段階別）
	SecOutreachAttempts = "outreach_attempts" // アウトリーチの働きかけ（結果別）
	SecMatches          = "matches"           // 参加支援のマッチング（提案した月・現在の状況別）
	SecResources        = "resources"         // 居場所・受け入れ先の新規登録
	SecSessions         = "sessions"          // 居場所の開催回数
	SecParticipants     = "participants"      // 居場所の参加者数（属性別）
)

// ResourceRows are the rows of the resources section (filter status): a
// place (居場所) or a host accepting participants (受け入れ先); a resource
// that is both counts in both rows.
var ResourceRows = casework.CodeList{{Value: "places", Label: "居場所"}, {Value: "hosts", Label: "受け入れ先（参加者を受け入れる）"}}

// CommunityRows is the code list of the rows (filter status) of a community
// section, and false for other sections.
func CommunityRows(section string) (casework.CodeList, bool) {
	switch section {
	case SecOutreachTargets:
		return casework.OutreachStages, true
	case SecOutreachAttempts:
		return casework.AttemptOutcomes, true
	case SecMatches:
		return casework.MatchStatuses, true
	case SecResources:
		return ResourceRows, true
	case SecSessions:
		return casework.CodeList{}, true
	case SecParticipants:
		return casework.ParticipantGroups, true
	}
	return nil, false
}

// CommunityRowName names the row class (filter status) of a community
// section for pages.
func CommunityRowName(section string) string {
	return map[string]string{SecOutreachTargets: "現在の段階", SecOutreachAttempts: "結果", SecMatches: "現在の状況",
		SecResources: "種類", SecParticipants: "参加者の属性"}[section]
}

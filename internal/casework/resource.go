package casework

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Resource code lists (社会資源). They travel as their Japanese labels.
var (
	ResourceKinds = labels("居場所", "サロン", "子ども食堂", "通いの場", "就労体験先", "ボランティア", "企業", "農園", "NPO", "店舗", "学習支援", "その他")
	// placeKinds are the kinds that are places (居場所) rather than hosts.
	placeKinds   = labels("居場所", "サロン", "子ども食堂", "通いの場", "学習支援")
	TargetGroups = labels("誰でも", "子ども", "若者", "子育て世帯", "高齢者", "障害のある人", "ひきこもりの人", "生活に困っている人", "外国にルーツのある人")
	// ParticipantGroups count the people at a session by generation and
	// attribute; the two overlap, so the total is counted separately.
	ParticipantGroups = labels("乳幼児", "小学生", "中高生", "若者(18-39歳)", "中年(40-64歳)", "高齢者(65歳以上)",
		"障害のある人", "外国にルーツのある人", "初めての参加者", "ボランティア・支え手")
	generationGroups = labels("乳幼児", "小学生", "中高生", "若者(18-39歳)", "中年(40-64歳)", "高齢者(65歳以上)")
	// Activities describe what one does at a resource; a needs profile's
	// interests use the same list, so they can be matched.
	Activities = labels("料理", "農作業", "ものづくり", "パソコン", "事務作業", "清掃・軽作業", "接客", "子どもと関わる",
		"高齢者と関わる", "動物", "体を動かす", "音楽・芸術", "読書・学習", "おしゃべり", "ゲーム")
	// Accessibility lists what a resource offers and what a person needs.
	Accessibility = labels("車いす可", "エレベーター", "多目的トイレ", "送迎あり", "駐車場", "駅・バス停が近い",
		"少人数", "静かな環境", "見学可", "短時間から可", "同行支援可", "手話・筆談", "外国語対応")
	Weekdays     = labels("月", "火", "水", "木", "金", "土", "日")
	TimeSlots    = labels("午前", "午後", "夜間")
	MenuExamples = labels("就労体験", "ボランティア", "居場所参加", "学習", "その他")
	// CoordinatorKinds are the coordinators of community building.
	CoordinatorKinds = labels("生活支援コーディネーター（第1層）", "生活支援コーディネーター（第2層）", "地域づくりコーディネーター", "参加支援コーディネーター", "その他")
)

// Resource is a place (居場所) or a host (受け入れ先) with its menus.
type Resource struct {
	ID                  string    `json:"id"`
	Name                string    `json:"name"`
	Kind                string    `json:"kind"`
	Operator            string    `json:"operator"`
	HostOrgID           string    `json:"host_organization_id,omitempty"` // the host's organization in kasane, if it has users
	Address             string    `json:"address"`
	District            string    `json:"district"`
	Lat                 *float64  `json:"lat,omitempty"`
	Lng                 *float64  `json:"lng,omitempty"`
	TargetGroups        []string  `json:"target_groups"`
	AcceptsParticipants bool      `json:"accepts_participants"`
	Menus               []string  `json:"menus"`
	Activities          []string  `json:"activities"`
	Schedule            string    `json:"schedule"`
	Days                []string  `json:"days"`
	TimeSlots           []string  `json:"time_slots"`
	Capacity            int       `json:"capacity"`
	Accessibility       []string  `json:"accessibility"`
	HostSupportNeeds    string    `json:"host_support_needs"`
	RegisteredByOrgID   string    `json:"registered_by_organization_id"`
	Sessions            []Session `json:"sessions,omitempty"`
	Version             int       `json:"version"`
	Created             time.Time `json:"created_at"`
}

// IsPlace reports whether the resource is a place rather than a host.
func (r Resource) IsPlace() bool { return placeKinds.Has(r.Kind) }

// Session is one day a place was open, with counts only (no personal data).
type Session struct {
	ID           string         `json:"id"`
	ResourceID   string         `json:"resource_id"`
	HeldOn       string         `json:"held_on"`
	Participants map[string]int `json:"participants"`
	Total        int            `json:"total"`
	Note         string         `json:"note,omitempty"`
	Version      int            `json:"version"`
}

func checkList(v Invalid, field, what string, l CodeList, vals []string) {
	for _, x := range vals {
		if !l.Has(x) {
			v.Add(field, what+"に不明な値があります: "+x)
		}
	}
}

func trimAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks a resource before it is stored.
func (r *Resource) Validate() error {
	v := Invalid{}
	for _, s := range []*string{&r.Name, &r.Operator, &r.Address, &r.District, &r.Schedule, &r.HostSupportNeeds} {
		*s = strings.TrimSpace(*s)
	}
	switch n := utf8.RuneCountInString(r.Name); {
	case n == 0:
		v.Add("name", "名称を入力してください。")
	case n > 100:
		v.Add("name", "名称は100文字以内で入力してください。")
	}
	if !ResourceKinds.Has(r.Kind) {
		v.Add("kind", "種類を一覧から選んでください。")
	}
	for f, s := range map[string]string{"operator": r.Operator, "address": r.Address, "district": r.District, "schedule": r.Schedule} {
		if utf8.RuneCountInString(s) > 200 {
			v.Add(f, "200文字以内で入力してください。")
		}
	}
	if utf8.RuneCountInString(r.HostSupportNeeds) > 2000 {
		v.Add("host_support_needs", "2000文字以内で入力してください。")
	}
	r.Menus = trimAll(r.Menus)
	checkList(v, "target_groups", "対象", TargetGroups, r.TargetGroups)
	checkList(v, "activities", "活動内容", Activities, r.Activities)
	checkList(v, "days", "曜日", Weekdays, r.Days)
	checkList(v, "time_slots", "時間帯", TimeSlots, r.TimeSlots)
	checkList(v, "accessibility", "配慮・設備", Accessibility, r.Accessibility)
	if r.Capacity < 0 || r.Capacity > 10000 {
		v.Add("capacity", "定員は0〜10000で入力してください（0は定めなし）。")
	}
	if (r.Lat == nil) != (r.Lng == nil) {
		v.Add("lat", "緯度と経度は両方入力するか、両方空欄にしてください。")
	}
	if r.Lat != nil && (math.IsNaN(*r.Lat) || *r.Lat < 20 || *r.Lat > 46) {
		v.Add("lat", "緯度は20〜46の数値で入力してください（例: 35.6812）。")
	}
	if r.Lng != nil && (math.IsNaN(*r.Lng) || *r.Lng < 122 || *r.Lng > 154) {
		v.Add("lng", "経度は122〜154の数値で入力してください（例: 139.7671）。")
	}
	return v.Err()
}

// Validate checks a session and fills the total when it was not given: the
// sum of the generation groups, or of every group when none is a generation.
func (s *Session) Validate(now time.Time) error {
	v := Invalid{}
	if d, msg := NormalizeDate(s.HeldOn, true); msg != "" {
		v.Add("held_on", msg)
	} else if s.HeldOn = d; d > Today(now) {
		v.Add("held_on", "開催日が未来の日付になっています。")
	}
	gen, all := 0, 0
	for g, n := range s.Participants {
		if !ParticipantGroups.Has(g) {
			v.Add("participants", "参加者の区分に不明な値があります: "+g)
		}
		if n < 0 || n > 100000 {
			v.Add("participants", "人数は0以上で入力してください。")
		}
		all += n
		if generationGroups.Has(g) {
			gen += n
		}
	}
	if s.Total < 0 {
		v.Add("total", "参加者数は0以上で入力してください。")
	}
	if s.Total > 0 && gen > s.Total {
		v.Add("total", fmt.Sprintf("参加者数の合計（%d人）が世代別の人数の合計（%d人）より少なくなっています。合計を空欄にすると世代別の合計が入ります。", s.Total, gen))
	}
	for g, n := range s.Participants {
		if s.Total > 0 && n > s.Total && !generationGroups.Has(g) {
			v.Add("participants", fmt.Sprintf("「%s」の人数（%d人）が参加者数の合計（%d人）を超えています。", g, n, s.Total))
		}
	}
	if s.Total == 0 {
		s.Total = gen
		if gen == 0 {
			s.Total = all
		}
	}
	if s.Total == 0 {
		v.Add("participants", "参加者数を1つ以上の区分に入力してください。")
	}
	s.Note = strings.TrimSpace(s.Note)
	if utf8.RuneCountInString(s.Note) > 1000 {
		v.Add("note", "メモは1000文字以内で入力してください（個人が分かることは書かないでください）。")
	}
	return v.Err()
}

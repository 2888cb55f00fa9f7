package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Coordinator is a person who coordinates community activities
// (生活支援コーディネーター, 地域づくりコーディネーター…). Staff, not residents.
type Coordinator struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	OrganizationID string `json:"organization_id,omitempty"`
	Area           string `json:"area"`
	Contact        string `json:"contact"`
	Version        int    `json:"version"`
}

// Platform is a network of local actors (プラットフォーム) with its own meetings.
type Platform struct {
	ID                string            `json:"id"`
	Name              string            `json:"name"`
	Area              string            `json:"area"`
	Purpose           string            `json:"purpose"`
	RegisteredByOrgID string            `json:"registered_by_organization_id"`
	Members           []PlatformMember  `json:"members"`
	Meetings          []PlatformMeeting `json:"meetings"`
	Version           int               `json:"version"`
	Created           time.Time         `json:"created_at"`
}

// PlatformMember is a member of a platform: an organization of kasane or any
// local actor by name (自治会, 商店, ボランティア団体…).
type PlatformMember struct {
	ID             string `json:"id"`
	PlatformID     string `json:"platform_id"`
	Name           string `json:"name"`
	OrganizationID string `json:"organization_id,omitempty"`
	Role           string `json:"role"`
	Version        int    `json:"version"`
}

// PlatformMeeting is one meeting of a platform; Gaps records the missing
// resources (社会資源の不足) raised there.
type PlatformMeeting struct {
	ID         string `json:"id"`
	PlatformID string `json:"platform_id"`
	HeldOn     string `json:"held_on"`
	Title      string `json:"title"`
	Attendees  int    `json:"attendees"`
	Summary    string `json:"summary"`
	Gaps       string `json:"gaps"`
	Version    int    `json:"version"`
}

func textField(v Invalid, field, label string, s *string, required bool, max int) {
	*s = strings.TrimSpace(*s)
	switch n := utf8.RuneCountInString(*s); {
	case n == 0 && required:
		v.Add(field, label+"を入力してください。")
	case n > max:
		v.Add(field, label+"は"+itoa(max)+"文字以内で入力してください。")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// Validate checks a coordinator.
func (c *Coordinator) Validate() error {
	v := Invalid{}
	textField(v, "name", "氏名", &c.Name, true, 60)
	textField(v, "area", "担当地区", &c.Area, false, 100)
	textField(v, "contact", "連絡先", &c.Contact, false, 100)
	if !CoordinatorKinds.Has(c.Kind) {
		v.Add("kind", "種類を一覧から選んでください。")
	}
	return v.Err()
}

// Validate checks a platform.
func (p *Platform) Validate() error {
	v := Invalid{}
	textField(v, "name", "名称", &p.Name, true, 100)
	textField(v, "area", "地区", &p.Area, false, 100)
	textField(v, "purpose", "目的", &p.Purpose, false, 2000)
	return v.Err()
}

// Validate checks a platform member.
func (m *PlatformMember) Validate() error {
	v := Invalid{}
	textField(v, "name", "名称", &m.Name, m.OrganizationID == "", 100)
	textField(v, "role", "役割", &m.Role, false, 100)
	return v.Err()
}

// Validate checks a platform meeting.
func (m *PlatformMeeting) Validate(now time.Time) error {
	v := Invalid{}
	if d, msg := NormalizeDate(m.HeldOn, true); msg != "" {
		v.Add("held_on", msg)
	} else if m.HeldOn = d; d > Today(now) {
		v.Add("held_on", "開催日が未来の日付になっています。")
	}
	textField(v, "title", "議題", &m.Title, true, 200)
	textField(v, "summary", "内容", &m.Summary, false, 10000)
	textField(v, "gaps", "不足している社会資源", &m.Gaps, false, 4000)
	if m.Attendees < 0 || m.Attendees > 10000 {
		v.Add("attendees", "参加者数は0以上で入力してください。")
	}
	return v.Err()
}

// CommunityCounts are the counts of 地域づくり, 参加支援 and アウトリーチ for
// one fiscal year (April to March), for the annual report. No personal data.
type CommunityCounts struct {
	FiscalYear int `json:"fiscal_year"`
	// Places and Hosts registered by the end of the year.
	Places int `json:"places"`
	Hosts  int `json:"hosts"`
	// Sessions held in the year and their participants.
	Sessions            int            `json:"sessions"`
	Participants        int            `json:"participants"`
	ParticipantsByGroup map[string]int `json:"participants_by_group"`
	// ParticipatingOrganizations: distinct operators of places and hosts with
	// a session or a match in the year, and members of platforms that met.
	ParticipatingOrganizations int `json:"participating_organizations"`
	PlatformMeetings           int `json:"platform_meetings"`
	// MatchesByStatus: matches proposed in the year, by their status now.
	MatchesByStatus map[string]int `json:"matches_by_status"`
	// OutreachByStage: targets found in the year, by their stage now.
	OutreachByStage  map[string]int `json:"outreach_by_stage"`
	OutreachAttempts int            `json:"outreach_attempts"`
}

// CanReadCommunityCounts: the counts carry no personal data; any member of
// staff who works with cases, and the municipal administrator, may read them.
func CanReadCommunityCounts(a Actor) bool { return CanHandleCases(a) || a.Has("municipal_admin") }

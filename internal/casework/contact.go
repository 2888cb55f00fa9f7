package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Contact is an entry of the support record (支援経過記録).
type Contact struct {
	ID          string    `json:"id"`
	CaseID      string    `json:"case_id"`
	At          time.Time `json:"at"`
	Method      string    `json:"method"`
	Counterpart string    `json:"counterpart"`
	Content     string    `json:"content"`
	Minutes     int       `json:"minutes"`
	Jigyo       string    `json:"jigyo"`
	Bunya       string    `json:"bunya"`
	AuthorID    string    `json:"author_id"`
	AuthorOrgID string    `json:"author_organization_id"`
	AuthorName  string    `json:"author_name,omitempty"`
	Version     int       `json:"version"`
	Created     time.Time `json:"created_at"`
	Updated     time.Time `json:"updated_at"`
	// History holds earlier texts, newest first (filled on request).
	History []ContactVersion `json:"history,omitempty"`
	// MatchID is set on an entry that is a participation log (定着支援・
	// 受け入れ先支援) of a match of the case's focus person: it belongs to
	// the support record with 事業 参加支援 but is written and corrected on
	// the match (source "participation_log").
	MatchID string `json:"match_id,omitempty"`
	Source  string `json:"source,omitempty"`
}

// ContactVersion is an earlier text of a contact, kept on every edit.
type ContactVersion struct {
	Version     int       `json:"version"`
	At          time.Time `json:"at"`
	Method      string    `json:"method"`
	Counterpart string    `json:"counterpart"`
	Content     string    `json:"content"`
	Minutes     int       `json:"minutes"`
	EditedBy    string    `json:"edited_by"`
	EditedAt    time.Time `json:"edited_at"`
}

// Validate checks a contact; empty 事業 and 分野 default from the case.
func (c *Contact) Validate(cs *Case, now time.Time) error {
	v := Invalid{}
	c.Content, c.Counterpart = strings.TrimSpace(c.Content), strings.TrimSpace(c.Counterpart)
	if c.At.IsZero() {
		v.Add("at", "日時を入力してください。")
	} else if c.At.After(now.Add(24 * time.Hour)) {
		v.Add("at", "日時が未来になっています。")
	}
	if !ContactMethods.Has(c.Method) {
		v.Add("method", "方法を一覧から選んでください。")
	}
	switch {
	case c.Content == "":
		v.Add("content", "内容を入力してください。")
	case utf8.RuneCountInString(c.Content) > 10000:
		v.Add("content", "内容は10000文字以内で入力してください。")
	}
	if utf8.RuneCountInString(c.Counterpart) > 100 {
		v.Add("counterpart", "相手は100文字以内で入力してください。")
	}
	if c.Minutes < 0 || c.Minutes > 24*60 {
		v.Add("minutes", "所要時間（分）は0〜1440で入力してください。")
	}
	if c.Jigyo == "" {
		c.Jigyo = "sodan"
	}
	if c.Bunya == "" && cs != nil && len(cs.Bunya) > 0 {
		c.Bunya = cs.Bunya[0]
	}
	if !Jigyo.Has(c.Jigyo) {
		v.Add("jigyo", "事業を一覧から選んでください。")
	}
	if !Bunya.Has(c.Bunya) {
		v.Add("bunya", "分野を一覧から選んでください。")
	}
	return v.Err()
}

// Consent code lists.
var (
	ConsentGivenBy    = labels("本人", "代理人", "後見人", "親権者")
	ConsentMethods    = CodeList{{"署名", "署名"}, {"口頭+立会", "口頭（立会人あり）"}, {"書面", "書面"}}
	DataCategories    = CodeList{{"basic", "基本情報"}, {"household", "世帯情報"}, {"health", "心身の状況"}, {"finance", "経済状況"}, {"records", "支援経過"}}
	MeetingTypes      = CodeList{{"jusoteki_shien_kaigi", "重層的支援会議"}, {"shien_kaigi", "支援会議（106条の6）"}, {"chiiki_care_kobetsu", "地域ケア個別会議"}, {"yotaikyo", "要保護児童対策地域協議会"}, {"jiritsu_shien_kyogikai", "自立支援協議会"}, {"shien_chosei_kaigi", "支援調整会議"}, {"konkyu_shien_kaigi", "支援会議（生活困窮者自立支援法第9条）"}, {"hogo_chosei_kaigi", "調整会議（生活保護法第27条の3）"}, {"other", "その他"}}
	ConsentPurposeSet = labels("支援の検討", "関係機関との情報共有", "重層的支援会議での検討", "支援プランの作成", "サービス利用調整")
)

// ValidateNew checks a consent before it is recorded.
func (c *Consent) ValidateNew(now time.Time) error {
	v := Invalid{}
	if c.PersonID == "" {
		v.Add("person_id", "同意した本人を選んでください。")
	}
	if !ConsentGivenBy.Has(c.GivenBy) {
		v.Add("given_by", "同意者を一覧から選んでください（本人・代理人・後見人・親権者）。")
	}
	if !ConsentMethods.Has(c.Method) {
		v.Add("method", "同意の方法を一覧から選んでください（署名・口頭（立会人あり）・書面）。")
	}
	if d, msg := NormalizeDate(c.GivenOn, true); msg != "" {
		v.Add("given_on", msg)
	} else {
		c.GivenOn = d
		if d > Today(now) {
			v.Add("given_on", "同意日が未来の日付になっています。")
		}
	}
	if d, msg := NormalizeDate(c.ValidUntil, false); msg != "" {
		v.Add("valid_until", msg)
	} else {
		c.ValidUntil = d
		if d != "" && d < c.GivenOn {
			v.Add("valid_until", "有効期限は同意日より後にしてください。")
		}
	}
	if len(c.Recipients) == 0 {
		v.Add("recipients", "情報の提供先となる機関を1つ以上選んでください。")
	}
	if len(c.DataCategories) == 0 {
		v.Add("data_categories", "提供する情報の種類を1つ以上選んでください。")
	}
	for _, d := range c.DataCategories {
		if !DataCategories.Has(d) {
			v.Add("data_categories", "情報の種類に不明な値があります: "+d)
		}
	}
	for _, m := range c.MeetingTypes {
		if !MeetingTypes.Has(m) {
			v.Add("meeting_types", "会議の種類に不明な値があります: "+m)
		}
	}
	if len(c.Purposes) == 0 {
		v.Add("purposes", "利用目的を1つ以上入力してください。")
	}
	return v.Err()
}

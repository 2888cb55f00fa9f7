package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// RouteOtherSection is the route of a consultation sent on by another
// section of the town hall (税・国保・水道 …).
const RouteOtherSection = "庁内他課（税・国保・水道等）"

// Code lists of the national 相談受付・申込票 (自立相談支援事業 A票/B票).
var (
	// Urgencies (緊急度) and the reasons of an urgent one.
	Urgencies      = labels("即日", "要注意", "通常")
	UrgencyReasons = labels("食料", "住まい", "生命")
	// ContactChannels are how the person wishes to be contacted.
	ContactChannels = labels("電話（本人）", "電話（携帯）", "メール", "郵送", "訪問", "来所時のみ", "その他")
	// B票 items.
	EmploymentStatuses = labels("就労中（正規）", "就労中（非正規）", "自営", "求職中", "無職（求職していない）", "学生", "その他", "不明")
	HousingTypes       = labels("持ち家", "民間賃貸", "公営住宅", "社宅・寮", "知人宅等", "施設", "住居なし", "その他", "不明")
	HealthInsurances   = labels("国民健康保険", "被用者保険（社会保険等）", "後期高齢者医療", "医療扶助（生活保護）", "無保険", "不明")
	Pensions           = labels("老齢年金", "障害年金", "遺族年金", "受給なし", "不明")
	HandbookKinds      = labels("なし", "身体障害者手帳", "療育手帳", "精神障害者保健福祉手帳")
	CareLevels         = labels("なし（未申請）", "申請中", "非該当", "要支援1", "要支援2", "要介護1", "要介護2", "要介護3", "要介護4", "要介護5")
	PublicAssistance   = labels("受給中", "申請中", "過去に受給", "受給なし", "不明")
)

// Visitor is the person who came to consult when it is not the person
// himself (来談者).
type Visitor struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone"`
}

// ContactPreferences say how the person may be contacted (連絡方法・連絡して
// よい時間帯) and whether the family must not learn of the consultation
// (家族に知られたくない: every team member sees it on the case header).
type ContactPreferences struct {
	Method         string `json:"method"`
	Hours          string `json:"hours"`
	KeepFromFamily bool   `json:"keep_from_family"`
}

// CaseIntake are the items of the 相談受付・申込票 beside the case's own
// fields. The B票 items (就労状況 … 生活保護) are kept on the case, not on
// the person: they are the situation told at this 申込, read under the
// case's consent categories (a person's record is shared more widely and
// carries no category), and a later consultation records its own.
//
// Categories (LimitTo): 受付者・受付日時・連絡方法・緊急度・同意の有無 are
// `basic` (how to handle the person; 家族に知られたくない is shown to every
// team member as a warning, whatever its categories); 来談者・紹介元・緊急度の理由・
// 就労状況・住居形態 `records`; 健康保険・年金・生活保護 `finance`; 手帳・要介護度
// `health`.
type CaseIntake struct {
	ReceivedTime       string              `json:"received_time,omitempty"`
	ReceivedByUserID   string              `json:"received_by_user_id,omitempty"`
	ReceivedByName     string              `json:"received_by_name,omitempty"`
	Visitor            *Visitor            `json:"visitor,omitempty"`
	ReferringOrgID     string              `json:"referring_organization_id,omitempty"`
	ReferringOrgName   string              `json:"referring_organization_name,omitempty"`
	ContactPreferences *ContactPreferences `json:"contact_preferences,omitempty"`
	Urgency            string              `json:"urgency,omitempty"`
	UrgencyReason      string              `json:"urgency_reason,omitempty"`
	ConsentAtIntake    *bool               `json:"consent_at_intake,omitempty"`
	Employment         string              `json:"employment_status,omitempty"`
	Housing            string              `json:"housing_type,omitempty"`
	HealthInsurance    string              `json:"health_insurance,omitempty"`
	Pension            string              `json:"pension,omitempty"`
	HandbookKind       string              `json:"handbook_kind,omitempty"`
	HandbookGrade      string              `json:"handbook_grade,omitempty"`
	CareLevel          string              `json:"care_level,omitempty"`
	PublicAssistance   string              `json:"public_assistance,omitempty"`
}

// NeedsReferrer reports whether a route requires the 紹介元機関.
func NeedsReferrer(route string) bool { return route == "関係機関紹介" || route == "会議" }

// KeepFromFamily reports the 家族に知られたくない flag.
func (x CaseIntake) KeepFromFamily() bool {
	return x.ContactPreferences != nil && x.ContactPreferences.KeepFromFamily
}

// NoConsentAtIntake reports an intake recorded without the person's consent.
func (x CaseIntake) NoConsentAtIntake() bool { return x.ConsentAtIntake != nil && !*x.ConsentAtIntake }

func trimLen(v Invalid, field, label string, s *string, max int) {
	*s = strings.TrimSpace(*s)
	if utf8.RuneCountInString(*s) > max {
		v.Add(field, label+"は"+itoa(max)+"文字以内で入力してください。")
	}
}

func checkCode(v Invalid, field, label string, l CodeList, s *string) {
	*s = strings.TrimSpace(*s)
	if *s != "" && !l.Has(*s) {
		v.Add(field, label+"を一覧から選んでください。")
	}
}

// validateIntakeSheet checks the A票/B票 items; messages are keyed by the
// intake form's field names.
func (c *Case) validateIntakeSheet(v Invalid, now time.Time) {
	x := &c.CaseIntake
	if x.ReceivedTime = strings.TrimSpace(x.ReceivedTime); x.ReceivedTime != "" {
		t, err := time.Parse("15:04", x.ReceivedTime)
		if err != nil {
			v.Add("received_time", "受付時刻は「14:30」のように時と分で入力してください。")
		} else {
			x.ReceivedTime = t.Format("15:04")
			if c.ReceivedOn == Today(now) && x.ReceivedTime > now.In(JST).Format("15:04") {
				v.Add("received_time", "受付時刻が未来の時刻になっています。")
			}
		}
	}
	if x.Visitor != nil {
		trimLen(v, "visitor_name", "来談者の氏名", &x.Visitor.Name, 100)
		trimLen(v, "visitor_relation", "来談者の本人との関係", &x.Visitor.Relation, 50)
		trimLen(v, "visitor_phone", "来談者の電話番号", &x.Visitor.Phone, 30)
		if x.Visitor.Phone != "" && strings.Trim(x.Visitor.Phone, "0123456789-()（）ー−ｰ ") != "" {
			v.Add("visitor_phone", "来談者の電話番号は数字とハイフンで入力してください。")
		}
		if *x.Visitor == (Visitor{}) {
			x.Visitor = nil
		} else if x.Visitor.Name == "" {
			v.Add("visitor_name", "来談者の氏名を入力してください（本人が来談したときは来談者の欄を空にしてください）。")
		}
	}
	trimLen(v, "referring_organization_name", "紹介元機関の名称", &x.ReferringOrgName, 100)
	x.ReferringOrgID = strings.TrimSpace(x.ReferringOrgID)
	if NeedsReferrer(c.Route) && x.ReferringOrgID == "" && x.ReferringOrgName == "" {
		v.Add("referring_organization_id", "相談経路が「"+c.Route+"」のときは紹介元機関を選ぶか、名称を入力してください。")
	}
	if p := x.ContactPreferences; p != nil {
		checkCode(v, "contact_method", "連絡方法", ContactChannels, &p.Method)
		trimLen(v, "contact_hours", "連絡してよい時間帯", &p.Hours, 100)
		if *p == (ContactPreferences{}) {
			x.ContactPreferences = nil
		}
	}
	if x.Urgency = strings.TrimSpace(x.Urgency); x.Urgency == "" {
		x.Urgency = "通常"
	}
	checkCode(v, "urgency", "緊急度", Urgencies, &x.Urgency)
	checkCode(v, "urgency_reason", "緊急度の理由", UrgencyReasons, &x.UrgencyReason)
	if x.Urgency == "即日" && x.UrgencyReason == "" {
		v.Add("urgency_reason", "緊急度が「即日」のときは理由（食料・住まい・生命）を選んでください。")
	}
	checkCode(v, "employment_status", "就労状況", EmploymentStatuses, &x.Employment)
	checkCode(v, "housing_type", "住居形態", HousingTypes, &x.Housing)
	checkCode(v, "health_insurance", "健康保険", HealthInsurances, &x.HealthInsurance)
	checkCode(v, "pension", "年金", Pensions, &x.Pension)
	checkCode(v, "handbook_kind", "手帳の種別", HandbookKinds, &x.HandbookKind)
	trimLen(v, "handbook_grade", "手帳の等級", &x.HandbookGrade, 20)
	if x.HandbookGrade != "" && (x.HandbookKind == "" || x.HandbookKind == "なし") {
		v.Add("handbook_kind", "手帳の等級を入力したときは手帳の種別を選んでください。")
	}
	checkCode(v, "care_level", "要介護度", CareLevels, &x.CareLevel)
	checkCode(v, "public_assistance", "生活保護", PublicAssistance, &x.PublicAssistance)
}

// limitIntake blanks the intake items the scope does not open.
func (x *CaseIntake) limitIntake(s Scope) {
	keep := x.KeepFromFamily()
	if !s.Has(CatBasic) {
		x.ReceivedTime, x.ReceivedByUserID, x.ReceivedByName = "", "", ""
		x.Urgency, x.ConsentAtIntake = "", nil
		// 家族に知られたくない is a warning every team member must see; how
		// and when to call stays `basic`
		x.ContactPreferences = nil
		if keep {
			x.ContactPreferences = &ContactPreferences{KeepFromFamily: true}
		}
	}
	if !s.Has(CatRecords) {
		x.Visitor, x.ReferringOrgID, x.ReferringOrgName, x.UrgencyReason = nil, "", "", ""
		x.Employment, x.Housing = "", ""
	}
	if !s.Has(CatFinance) {
		x.HealthInsurance, x.Pension, x.PublicAssistance = "", "", ""
	}
	if !s.Has(CatHealth) {
		x.HandbookKind, x.HandbookGrade, x.CareLevel = "", "", ""
	}
}

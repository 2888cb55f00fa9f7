package casework

// CodeItem is one entry of a code list: the API spelling and the Japanese label.
type CodeItem struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// CodeList is an ordered code list with lookups.
type CodeList []CodeItem

// Has reports whether v is a value of the list.
func (l CodeList) Has(v string) bool {
	for _, it := range l {
		if it.Value == v {
			return true
		}
	}
	return false
}

// Label returns the Japanese label of v, or v itself when unknown.
func (l CodeList) Label(v string) string {
	for _, it := range l {
		if it.Value == v {
			return it.Label
		}
	}
	return v
}

// Values returns the API spellings in order.
func (l CodeList) Values() []string {
	out := make([]string, len(l))
	for i, it := range l {
		out[i] = it.Value
	}
	return out
}

// labels builds a code list whose values are their Japanese labels (the API
// carries these lists as Japanese text, see API.md).
func labels(ss ...string) CodeList {
	out := make(CodeList, len(ss))
	for i, s := range ss {
		out[i] = CodeItem{Value: s, Label: s}
	}
	return out
}

// OrgKinds are the organization kinds (DOMAIN.md, API.md).
var OrgKinds = CodeList{
	{"municipal_section", "市の担当課"},
	{"community_support_center", "地域包括支援センター"},
	{"disability_consultation", "相談支援事業所・基幹相談支援センター"},
	{"self_reliance_support", "自立相談支援機関"},
	{"child_family_center", "こども家庭センター"},
	{"social_welfare_council", "社会福祉協議会"},
	{"multi_agency", "多機関協働事業者"},
	{"participation_support", "参加支援事業者"},
	{"community_building", "地域づくり事業者"},
	{"child_guidance_center", "児童相談所"},
	{"health_center", "保健センター"},
	{"school", "学校・教育委員会"},
	{"medical", "医療機関"},
	{"welfare_commissioner", "民生委員"},
	{"npo", "NPO"},
	{"business", "企業"},
	{"other", "その他"},
}

// Roles are the user roles.
var Roles = CodeList{
	{"worker", "相談支援員"},
	{"coordinator", "多機関協働コーディネーター"},
	{"outreach", "アウトリーチ支援員"},
	{"participation", "参加支援員"},
	{"community", "地域づくり担当"},
	{"municipal_admin", "市区町村管理者"},
	{"privacy_officer", "個人情報保護担当"},
	{"viewer", "閲覧者"},
	{"host", "受け入れ先"},
	{"decision_maker", "支援決定権者"},
	{"liaison", "庁内つなぎ担当"},
}

// Bunya are the fields (分野).
var Bunya = CodeList{
	{"kaigo", "介護"}, {"shogai", "障害"}, {"kodomo", "子ども"}, {"konkyu", "困窮"}, {"other", "その他"},
}

// Jigyo are the six parts of the program (事業).
var Jigyo = CodeList{
	{"sodan", "包括的相談支援"}, {"sanka", "参加支援"}, {"chiiki", "地域づくり"},
	{"outreach", "アウトリーチ等"}, {"takikan", "多機関協働"}, {"plan", "支援プラン作成"},
}

// Problems are the problem codes (課題).
var Problems = labels("病気・けが", "障害(身体)", "障害(知的)", "障害(精神)", "障害(発達)", "介護",
	"経済的困窮", "多重債務", "家計管理", "就労", "住まい・住居喪失", "子育て", "不登校", "ひきこもり",
	"8050", "ダブルケア", "ヤングケアラー", "虐待(児童)", "虐待(高齢者)", "虐待(障害者)", "DV",
	"ごみ屋敷・セルフネグレクト", "孤独・孤立", "社会的つながりの欠如", "外国籍・言語", "権利擁護・判断能力",
	"自殺念慮", "その他")

// IntakeRoutes and IntakeMethods describe how a consultation arrived.
var (
	IntakeRoutes  = labels("本人", "家族", "関係機関紹介", "民生委員", "地域住民", "会議", "アウトリーチ", RouteOtherSection)
	IntakeMethods = labels("来所", "電話", "訪問", "メール", "オンライン")
	// Screenings are the results of the first screening at intake.
	Screenings = labels("継続支援", "他機関へつなぐ", "情報提供のみ")
	// ContactMethods are the ways a contact happened.
	ContactMethods = labels("来所", "電話", "訪問", "メール", "オンライン", "同行", "会議", "文書")
	// Sexes of a person.
	Sexes = CodeList{{"male", "男性"}, {"female", "女性"}, {"other", "その他"}, {"unknown", "不明"}}
)

// HasRole reports whether roles contains r.
func HasRole(roles []string, r string) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

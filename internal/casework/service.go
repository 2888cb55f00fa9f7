package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ServiceCategories group the directory of services (情報提供の一覧).
var ServiceCategories = labels("相談窓口", "経済的支援", "住まい", "就労", "介護", "障害福祉", "子育て・教育", "健康・医療", "権利擁護", "地域の居場所", "その他")

// Service is an entry of the directory of services and resources that a
// worker introduces to a person.
type Service struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Category    string    `json:"category"`
	Bunya       []string  `json:"bunya"`
	Description string    `json:"description"`
	Contact     string    `json:"contact"`
	Scope       string    `json:"scope"` // national or local
	Version     int       `json:"version"`
	Created     time.Time `json:"created_at"`
}

// Validate checks a directory entry.
func (s *Service) Validate() error {
	v := Invalid{}
	s.Name, s.Description, s.Contact = strings.TrimSpace(s.Name), strings.TrimSpace(s.Description), strings.TrimSpace(s.Contact)
	switch {
	case s.Name == "":
		v.Add("name", "名称を入力してください。")
	case utf8.RuneCountInString(s.Name) > 100:
		v.Add("name", "名称は100文字以内で入力してください。")
	}
	if !ServiceCategories.Has(s.Category) {
		v.Add("category", "種類を一覧から選んでください。")
	}
	for _, b := range s.Bunya {
		if !Bunya.Has(b) {
			v.Add("bunya", "分野に不明な値があります: "+b)
		}
	}
	if utf8.RuneCountInString(s.Description) > 2000 {
		v.Add("description", "説明は2000文字以内で入力してください。")
	}
	if s.Scope == "" {
		s.Scope = "local"
	}
	if s.Scope != "local" && s.Scope != "national" {
		v.Add("scope", "国の制度か地域の資源かを選んでください。")
	}
	return v.Err()
}

// InfoProvision records that a service was introduced to the person of a case.
type InfoProvision struct {
	ID          string `json:"id"`
	CaseID      string `json:"case_id"`
	ServiceID   string `json:"service_id"`
	ServiceName string `json:"service_name"`
	ProvidedOn  string `json:"provided_on"`
	Note        string `json:"note"`
	AuthorID    string `json:"author_id"`
}

// NationalServices are typical national programs every municipality's
// directory starts with; local resources are added by the municipality.
var NationalServices = []Service{
	{Name: "自立相談支援事業（生活困窮者自立支援制度）", Category: "相談窓口", Bunya: []string{"konkyu"}, Description: "生活に困りごとを抱える方の相談を受け、支援プランを作って寄り添います。"},
	{Name: "住居確保給付金", Category: "住まい", Bunya: []string{"konkyu"}, Description: "離職などで住まいを失うおそれのある方に家賃相当額を支給します（原則3か月）。"},
	{Name: "家計改善支援事業", Category: "経済的支援", Bunya: []string{"konkyu"}, Description: "家計の状況を一緒に整理し、家計の立て直しを支援します。"},
	{Name: "就労準備支援事業", Category: "就労", Bunya: []string{"konkyu"}, Description: "すぐに働くことが難しい方に、生活習慣や社会参加から段階的に支援します。"},
	{Name: "生活福祉資金貸付制度", Category: "経済的支援", Bunya: []string{"konkyu"}, Description: "社会福祉協議会が低所得世帯などに資金を貸し付けます。"},
	{Name: "生活保護", Category: "経済的支援", Bunya: []string{"konkyu"}, Description: "最低限度の生活を保障し、自立を助長する制度です（福祉事務所）。"},
	{Name: "介護保険サービス（要介護認定の申請）", Category: "介護", Bunya: []string{"kaigo"}, Description: "要介護・要支援の認定を受け、訪問介護や通所介護などを利用できます。"},
	{Name: "地域包括支援センター", Category: "相談窓口", Bunya: []string{"kaigo"}, Description: "高齢者の総合相談、権利擁護、介護予防を担います。"},
	{Name: "障害福祉サービス（障害支援区分の申請）", Category: "障害福祉", Bunya: []string{"shogai"}, Description: "居宅介護、就労継続支援、グループホームなどを利用できます。"},
	{Name: "基幹相談支援センター・相談支援事業所", Category: "相談窓口", Bunya: []string{"shogai"}, Description: "障害のある方と家族の相談、サービス等利用計画の作成を行います。"},
	{Name: "精神保健福祉相談（保健センター）", Category: "健康・医療", Bunya: []string{"shogai"}, Description: "こころの不調、ひきこもり、依存症などの相談を受けます。"},
	{Name: "ひきこもり地域支援センター", Category: "相談窓口", Bunya: []string{"shogai", "other"}, Description: "ひきこもりの本人・家族の相談、居場所、訪問支援を行います。"},
	{Name: "こども家庭センター", Category: "子育て・教育", Bunya: []string{"kodomo"}, Description: "妊娠期から子育て期まで、子どもと家庭の相談を一体的に受けます。"},
	{Name: "子育て短期支援事業（ショートステイ）", Category: "子育て・教育", Bunya: []string{"kodomo"}, Description: "保護者の病気などで養育が難しいとき、子どもを短期間預かります。"},
	{Name: "就学援助", Category: "子育て・教育", Bunya: []string{"kodomo"}, Description: "経済的な理由で就学が難しい児童生徒の保護者に学用品費などを援助します。"},
	{Name: "ヤングケアラー・コーディネーター", Category: "子育て・教育", Bunya: []string{"kodomo"}, Description: "家族の世話を担う子どもを把握し、支援につなぎます。"},
	{Name: "成年後見制度（中核機関）", Category: "権利擁護", Bunya: []string{"kaigo", "shogai"}, Description: "判断能力が不十分な方の財産管理や契約を後見人等が支えます。"},
	{Name: "日常生活自立支援事業", Category: "権利擁護", Bunya: []string{"kaigo", "shogai"}, Description: "社会福祉協議会が福祉サービスの利用援助や日常的な金銭管理を行います。"},
	{Name: "配偶者暴力相談支援センター", Category: "相談窓口", Bunya: []string{"other"}, Description: "DV被害の相談、保護、自立支援を行います。"},
	{Name: "多言語相談窓口（外国人相談）", Category: "相談窓口", Bunya: []string{"other"}, Description: "外国籍の方の生活相談を多言語で受けます。通訳の手配もできます。"},
	{Name: "よりそいホットライン", Category: "相談窓口", Bunya: []string{"other"}, Description: "24時間無料の電話相談（0120-279-338）。"},
}

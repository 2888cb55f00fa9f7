package web

import (
	"net/http"

	"kasane/internal/casework"
)

// 庁内つなぎ票 (issue 22; casework/liaison.go): the routes, the OpenAPI
// operations and schemas, and the code lists of the forms.

var liaisonRoutes = []route{
	{"POST /liaison-referrals", false, (*Server).liaisonSend},
	{"GET /liaison-referrals/{id}", false, (*Server).liaisonPage},
	{"POST /liaison-referrals/{id}/accept", false, (*Server).liaisonAccept},
	{"POST /liaison-referrals/{id}/decline", false, (*Server).liaisonDecline},

	{"POST /api/v1/liaison-referrals", false, (*Server).apiSendLiaison},
	{"GET /api/v1/liaison-referrals", false, (*Server).apiLiaisonReferrals},
	{"GET /api/v1/liaison-referrals/{id}", false, (*Server).apiLiaisonReferral},
	{"POST /api/v1/liaison-referrals/{id}/accept", false, (*Server).apiAcceptLiaison},
	{"POST /api/v1/liaison-referrals/{id}/decline", false, (*Server).apiDeclineLiaison},
}

var liaisonDocs = map[string]apiDoc{
	"POST /api/v1/liaison-referrals": {"庁内つなぎ票を送る（市の担当課の庁内つなぎ担当 liaison のみ。本人 person（氏名・ふりがな・生年月日・性別・住所・電話）を登録し、相談を受ける機関 to_organization_id へ、気になっていること concern と本人の同意 consent（口頭・書面・なし）を添えて送る。" +
		"person の代わりに、この課が以前に送ったつなぎ票の本人 person_id も可。送った側が読めるのは自分の書いた内容と回答（回答待ち・受付済み・辞退と辞退の理由）だけで、ケースは読めない）", "LiaisonSend", "LiaisonReferral", true},
	"GET /api/v1/liaison-referrals":      {"庁内つなぎ票の一覧（送った課: 自課が送ったもの。相談窓口: 自機関が受けたもの。回答待ちが先）", "", "LiaisonReferralList", false},
	"GET /api/v1/liaison-referrals/{id}": {"庁内つなぎ票（送った課には本人の詳細 person・case_id・receiver_person_id を示さない。氏名 person_name と回答だけ）", "", "LiaisonReferral", false},
	"POST /api/v1/liaison-referrals/{id}/accept": {"庁内つなぎ票を受け付ける（つなぎ先の職員のみ）: 自機関の本人の記録（person_id、なければ名寄せ済みの自機関の記録、なければ person またはつなぎ票の内容で新しく登録）でケースを作る。" +
		"相談経路は「庁内他課（税・国保・水道等）」、紹介元機関は送った課。本人の記録と課の記録は名寄せで結ばれるが、互いに閲覧はできない", "LiaisonAccept", "LiaisonReferral", false},
	"POST /api/v1/liaison-referrals/{id}/decline": {"庁内つなぎ票を辞退する（reason 必須。送った課に示される。ケースの内容は書かない）", "Answer", "LiaisonReferral", false},
}

func liaisonSchemas() map[string]any {
	liaisonPerson := obj(map[string]any{"family_name": str(), "given_name": str(), "family_name_kana": str(), "given_name_kana": str(),
		"birth_date": dateS, "sex": enum(casework.Sexes), "address": ref("Address"), "phone": str()}, "family_name", "family_name_kana")
	accept := withIntake(obj(map[string]any{
		"person_id":       map[string]any{"type": "string", "description": "ケースの本人にする自機関の記録（省略時: 名寄せ済みの自機関の記録、なければ person で新しく登録）"},
		"person":          ref("LiaisonPerson"), // 新しく登録する本人（省略時はつなぎ票の内容）
		"received_on":     map[string]any{"type": "string", "format": "date", "description": "受付日（既定は今日）"},
		"method":          enum(casework.IntakeMethods),
		"bunya":           arr(enum(casework.Bunya)),
		"problems":        arr(enum(casework.Problems)),
		"primary_problem": enum(casework.Problems),
		"complaint":       map[string]any{"type": "string", "description": "主訴（既定はつなぎ票の気になっていること）"},
		"screening":       enum(casework.Screenings)}, "method", "bunya"))
	// the route is 庁内他課 and the 紹介元機関 the sending section, always
	delete(accept["properties"].(map[string]any), "referring_organization_id")
	delete(accept["properties"].(map[string]any), "referring_organization_name")
	return map[string]any{
		"LiaisonAccept": accept,
		"LiaisonPerson": liaisonPerson,
		"LiaisonSend": obj(map[string]any{"person": ref("LiaisonPerson"),
			"person_id":          map[string]any{"type": "string", "description": "この課が以前に送ったつなぎ票の本人（person の代わり）"},
			"to_organization_id": map[string]any{"type": "string", "description": "相談を受ける機関（市の担当課・地域包括支援センター・相談支援事業所・自立相談支援機関・こども家庭センター・社会福祉協議会・多機関協働事業者・児童相談所・保健センター）"},
			"concern":            map[string]any{"type": "string", "description": "気になっていること（1000文字以内）"},
			"consent":            map[string]any{"type": "string", "enum": casework.LiaisonConsents.Values(), "description": "本人の同意。「なし」は個人情報保護法第69条第2項の場合に限る"}},
			"to_organization_id", "concern", "consent"),
		"LiaisonReferral": obj(map[string]any{"id": str(), "person_id": str(), "from_organization_id": str(), "from_organization_name": str(),
			"to_organization_id": str(), "to_organization_name": str(), "sent_by_user_id": str(), "sent_by_name": str(), "concern": str(),
			"consent": enum(casework.LiaisonConsents), "referred_on": dateS, "due_on": dateS, "status": enum(casework.LiaisonStatuses),
			"decline_reason": str(), "answered_at": str(), "overdue": boolS, "person": ref("Person"), "person_name": str(),
			"case_id":            map[string]any{"type": "string", "description": "受け付けて作ったケース（つなぎ先だけに示す）"},
			"receiver_person_id": map[string]any{"type": "string", "description": "ケースの本人（つなぎ先の自機関の記録。つなぎ先だけに示す）"},
			"version":            intS, "created_at": timeS}, "id", "status", "to_organization_id"),
		"LiaisonReferralList": listSchema("LiaisonReferral"),
	}
}

func init() {
	intakeCodes["liaisonConsents"] = casework.LiaisonConsents
	intakeCodes["liaisonStatuses"] = casework.LiaisonStatuses
}

// liaisonOnlyRoutes are the routes a user whose only role is liaison
// reaches (casework.LiaisonOnly): its home (form and list), its つなぎ票, the
// person search (hits only) and its own account. Every other route answers
// 403, whatever it would show (an empty case list is still refused), and a
// route added later is refused until it is listed here.
var liaisonOnlyRoutes = map[string]bool{
	"GET /{$}": true, "GET /persons": true, "POST /liaison-referrals": true, "GET /liaison-referrals/{id}": true,
	"GET /api/v1/openapi.json": true, "GET /api/v1/me": true, "GET /api/v1/organizations": true, "GET /api/v1/code-lists": true,
	"GET /api/v1/persons": true, "POST /api/v1/liaison-referrals": true, "GET /api/v1/liaison-referrals": true, "GET /api/v1/liaison-referrals/{id}": true,
	"GET /account/password": true, "POST /account/password": true, "POST /api/v1/me/password": true,
	"GET /account/security-keys": true, "POST /account/security-keys": true, "POST /account/security-keys/{id}/revoke": true,
	"POST /session/extend": true, "POST /logout": true,
}

// liaisonGate refuses a liaison-only user every route but liaisonOnlyRoutes;
// it reports whether it answered.
func (s *Server) liaisonGate(w http.ResponseWriter, r *http.Request, a casework.Actor) bool {
	if !casework.LiaisonOnly(a) || liaisonOnlyRoutes[r.Pattern] {
		return false
	}
	err := casework.Errorf(casework.EFORBIDDEN, "庁内つなぎ担当の職員は、庁内つなぎ票と本人の検索のほかは利用できません。")
	if isAPI(r) {
		s.apiError(w, r, err)
	} else {
		s.errorPage(w, r, err)
	}
	return true
}

package casework

// The law of each meeting type (issue 19). The basis of a case item follows
// its meeting's type; an item never borrows another type's basis:
//
//   - 重層的支援会議, 支援調整会議 (a 要綱, not a statute), 自立支援協議会 and
//     other meetings rest on the person's consent, which must cover every
//     attending organization (DOMAIN.md rule 5);
//   - 支援会議 (社会福祉法第106条の6), 生活困窮者自立支援法第9条の支援会議,
//     生活保護法第27条の3の調整会議, 地域ケア会議 (介護保険法第115条の48) and
//     要保護児童対策地域協議会 (児童福祉法第25条の2) rest on their statute: no
//     consent, but every attendee acknowledges that statute's duty of
//     confidentiality before the meeting shares anything.

// MeetingBases are the legal bases of a meeting case item (API spelling).
var MeetingBases = CodeList{
	{"consent", "本人の同意"}, {"art106_6", "社会福祉法第106条の6（支援会議）"},
	{"art25_2", "児童福祉法第25条の2（要保護児童対策地域協議会）"},
	{"konkyu_art9", "生活困窮者自立支援法第9条（支援会議）"},
	{"hogo_art27_3", "生活保護法第27条の3（調整会議）"},
	{"kaigo_art115_48", "介護保険法第115条の48（地域ケア会議）"},
	{"other_law", "その他の法令"},
}

// meetingTypeBasis is the statutory basis of a meeting type; a type not
// listed rests on consent.
var meetingTypeBasis = map[string]string{
	"shien_kaigi":         "art106_6",
	"konkyu_shien_kaigi":  "konkyu_art9",
	"hogo_chosei_kaigi":   "hogo_art27_3",
	"chiiki_care_kobetsu": "kaigo_art115_48",
	"yotaikyo":            "art25_2",
}

// MeetingTypeBasis is the one basis a case item has at a meeting of the
// type (consent for every type without a statute of its own).
func MeetingTypeBasis(mtype string) string {
	if b, ok := meetingTypeBasis[mtype]; ok {
		return b
	}
	return "consent"
}

// MeetingLegalBasis is the law a meeting type rests on, shown on the record.
var MeetingLegalBasis = map[string]string{
	"jusoteki_shien_kaigi":   "社会福祉法第106条の4（重層的支援体制整備事業）・本人同意",
	"shien_kaigi":            "社会福祉法第106条の6（守秘義務: 同条第5項）",
	"konkyu_shien_kaigi":     "生活困窮者自立支援法第9条（守秘義務: 同条第5項）",
	"hogo_chosei_kaigi":      "生活保護法第27条の3（守秘義務: 同条第5項）",
	"chiiki_care_kobetsu":    "介護保険法第115条の48（守秘義務: 同条第5項）",
	"yotaikyo":               "児童福祉法第25条の2（守秘義務: 第25条の5）",
	"jiritsu_shien_kyogikai": "障害者総合支援法第89条の3・本人同意",
	"shien_chosei_kaigi":     "要綱による会議・本人同意",
	"other":                  "本人同意",
}

// ConfidentialityDuty is the provision that binds the attendees of a meeting
// type to confidentiality, "" for a meeting that rests on consent.
var ConfidentialityDuty = map[string]string{
	"shien_kaigi":         "社会福祉法第106条の6第5項",
	"konkyu_shien_kaigi":  "生活困窮者自立支援法第9条第5項",
	"hogo_chosei_kaigi":   "生活保護法第27条の3第5項",
	"chiiki_care_kobetsu": "介護保険法第115条の48第5項",
	"yotaikyo":            "児童福祉法第25条の5",
}

// StatutoryMeeting reports whether a meeting type shares on its statute
// (with acknowledgements of its duty) rather than on consent. Such a
// meeting is always 非公開.
func StatutoryMeeting(mtype string) bool { return ConfidentialityDuty[mtype] != "" }

// ResolveSecretariat is the municipality's 支援会議 事務局 (社会福祉法第106条の6
// 第1項: the municipality organizes the 支援会議): the organizations set in
// Settings.ShienKaigiSecretariat, or by default its municipal_section
// organizations.
func ResolveSecretariat(s Settings, orgs []Organization) []string {
	if len(s.ShienKaigiSecretariat) > 0 {
		return s.ShienKaigiSecretariat
	}
	var out []string
	for _, o := range orgs {
		if o.Kind == "municipal_section" {
			out = append(out, o.ID)
		}
	}
	return out
}

// CheckStatutoryMeeting applies the law of a new 支援会議: only the 事務局
// hosts it, and every attending organization other than the 事務局 is on the
// fiscal year's roster of 構成員 (roster). It is always 非公開.
func CheckStatutoryMeeting(m *Meeting, secretariat, roster []string, orgName map[string]string) error {
	if StatutoryMeeting(m.Type) {
		m.NonPublic = true
	}
	if m.Type != "shien_kaigi" {
		return nil
	}
	if !contains(secretariat, m.HostOrgID) {
		msg := "支援会議（社会福祉法第106条の6）を主催できるのは、市が事務局に指定した機関だけです。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"host_organization_id": msg}}
	}
	var missing []string
	for _, org := range m.AttendingOrgs() {
		if !contains(secretariat, org) && !contains(roster, org) {
			missing = append(missing, "「"+orgName[org]+"」")
		}
	}
	if len(missing) > 0 {
		msg := "支援会議の構成員名簿（" + itoa(FiscalYearOf(Today(m.ScheduledAt))) + "年度）にない機関があります: " + joinJa(missing) + "。事務局が名簿に加えてください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"attendees": msg}}
	}
	return nil
}

// CanKeepShienKaigiRoster: the roster of 構成員 is kept by the 事務局.
func CanKeepShienKaigiRoster(a Actor, secretariat []string) error {
	if CanWriteCases(a) && contains(secretariat, a.OrganizationID) {
		return nil
	}
	return Errorf(EFORBIDDEN, "支援会議の構成員名簿は、市が指定した事務局の職員だけが変更できます。")
}

func joinJa(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += "、"
		}
		out += s
	}
	return out
}

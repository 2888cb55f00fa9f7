package browsertest

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

// fullIntakeCase takes a case with every item of the 相談受付・申込票
// (A票/B票) filled in, long ones at their longest likely length, so that the
// A4 sheet is tried at its fullest.
func (a *app) fullIntakeCase(user, personID string) casework.Case {
	a.t.Helper()
	no := false
	c := casework.Case{FocusPersonID: personID, ReceivedOn: "2026-05-20", Route: "関係機関紹介", Method: "来所",
		Bunya: []string{"kaigo", "konkyu"}, Problems: []string{"介護", "経済的困窮", "8050"},
		Complaint: strings.Repeat("母の介護と息子のひきこもり、家賃の滞納が重なり、どこに相談したらよいかわからない。", 4),
		CaseIntake: casework.CaseIntake{ReceivedTime: "14:30", ReferringOrgName: "かさね中央病院 医療福祉相談室（担当 医療ソーシャルワーカー）",
			Visitor:            &casework.Visitor{Name: "田中 一郎", Relation: "長男", Phone: "090-1234-5678"},
			ContactPreferences: &casework.ContactPreferences{Method: "電話（携帯）", Hours: "平日18時以降・土曜午前", KeepFromFamily: true},
			Urgency:            "即日", UrgencyReason: "住まい", ConsentAtIntake: &no,
			Employment: "無職（求職していない）", Housing: "民間賃貸", HealthInsurance: "被用者保険（社会保険等）", Pension: "老齢年金",
			HandbookKind: "精神障害者保健福祉手帳", HandbookGrade: "2級", CareLevel: "要介護3", PublicAssistance: "過去に受給"}}
	if err := a.db.CreateCase(context.Background(), a.as(user), &c); err != nil {
		a.t.Fatal(err)
	}
	return c
}

package demo

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// seedRetention gives the demo a 保存年限・廃棄 story (issue 23): a
// consultation of 平成27年度, closed long ago and past its five years, whose
// disposal the municipal administrator has proposed (起案); the privacy
// officer (privacy@) approves it and either of them carries it out on the
// 保存年限・廃棄 page.
func seedRetention(ctx context.Context, db *sqldb.DB, w casework.Actor) error {
	p := casework.Person{FamilyName: "旧記録", GivenName: "一夫", FamilyKana: "キュウキロク", GivenKana: "カズオ", BirthDate: "1938-02-11", Sex: "male",
		Identified: true, Address: casework.Address{Prefecture: "架空県", City: "かさね市"}}
	if err := db.CreatePerson(ctx, w, &p); err != nil {
		return err
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: "2015-07-01", Route: "家族", Method: "電話", Bunya: []string{"kaigo"}, Problems: []string{"介護"},
		Complaint: "（架空）介護保険の申請について"}
	if err := db.CreateCase(ctx, w, &c); err != nil {
		return err
	}
	if _, err := db.TransitionCaseWith(ctx, w, c.ID, sqldb.CaseTransition{To: "closed", Reason: "information_only", On: "2015-07-15"}); err != nil {
		return err
	}
	admin, err := actorByEmail(ctx, db, "admin@demo.kasane.example")
	if err != nil {
		return err
	}
	_, err = db.ProposeDisposal(ctx, admin, "case", 2015, "（デモ）平成27年度に完結した相談記録の定期廃棄")
	return err
}

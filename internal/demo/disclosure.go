package demo

import (
	"context"
	"fmt"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// seedDisclosure gives the demo's privacy officer a 開示請求 on file (its
// bundle opens from 開示請求) and a 利用停止 decided in part, which the
// person's and the case's pages show as a warning (issue 23).
func seedDisclosure(ctx context.Context, db *sqldb.DB) error {
	w, err := actorByEmail(ctx, db, "worker@demo.kasane.example")
	if err != nil {
		return err
	}
	po, err := actorByEmail(ctx, db, "privacy@demo.kasane.example")
	if err != nil {
		return err
	}
	cases, err := db.Cases(ctx, w, sqldb.CaseFilter{Limit: 50})
	if err != nil {
		return err
	}
	var persons, names []string
	for _, c := range cases {
		if c.LeadOrgID == w.OrganizationID && (len(persons) == 0 || persons[len(persons)-1] != c.FocusPersonID) {
			persons, names = append(persons, c.FocusPersonID), append(names, c.FocusName)
		}
	}
	if len(persons) < 2 {
		return fmt.Errorf("demo: 開示請求の例にするケースがありません")
	}
	now := time.Now()
	day := func(back int) string { return casework.Today(now.AddDate(0, 0, -back)) }
	fy := casework.FiscalYearOf(day(0))
	req := casework.DisclosureRequest{PersonID: persons[0], Number: fmt.Sprintf("%d-開示-001", fy), ReceivedOn: day(3),
		RequesterName: names[0], RequesterRelation: "本人", Note: "窓口で運転免許証により本人確認"}
	if err := db.CreateDisclosureRequest(ctx, po, &req); err != nil {
		return err
	}
	stop := casework.RightsRequest{PersonID: persons[1], Kind: "suspension", Number: fmt.Sprintf("%d-停止-001", fy), ReceivedOn: day(20),
		RequesterName: names[1], RequesterRelation: "本人", Content: "参加支援の受け入れ先への氏名の提供をやめてほしい。",
		Decision: "partial", DecidedOn: day(10), Reason: "受け入れ先への提供を停止する。支援チーム内の共有は本人の同意の範囲で続ける。"}
	return db.CreateRightsRequest(ctx, po, &stop)
}

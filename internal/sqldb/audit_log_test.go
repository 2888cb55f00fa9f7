package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestAuditLogPagesFiltersAndNames: keyset paging past 200 both ways,
// filters by staff, organization and case (id or number), names of staff
// and organizations, the case number only for an officer who reads the case.
func TestAuditLogPagesFiltersAndNames(t *testing.T) {
	db := sqldbtest.Open(t)
	f := newReadFixture(t, db)
	ctx := context.Background()
	c := f.cases[0]
	for i := 0; i < 250; i++ {
		if err := db.RecordPrint(ctx, f.worker, "case", c.ID); err != nil {
			t.Fatal(err)
		}
	}
	p1, err := db.AuditLogPage(ctx, f.officer, sqldb.AuditFilter{Action: casework.ActPrint})
	if err != nil {
		t.Fatal(err)
	}
	if len(p1.Events) != 200 || p1.Newer != 0 || p1.Older == 0 {
		t.Fatalf("page 1: %d newer %d older %d", len(p1.Events), p1.Newer, p1.Older)
	}
	p2, err := db.AuditLogPage(ctx, f.officer, sqldb.AuditFilter{Action: casework.ActPrint, Before: p1.Older})
	if err != nil {
		t.Fatal(err)
	}
	if len(p2.Events) != 50 || p2.Older != 0 || p2.Newer == 0 || p2.Events[0].Seq >= p1.Events[199].Seq {
		t.Fatalf("page 2: %d newer %d older %d", len(p2.Events), p2.Newer, p2.Older)
	}
	back, err := db.AuditLogPage(ctx, f.officer, sqldb.AuditFilter{Action: casework.ActPrint, After: p2.Newer})
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Events) != 200 || back.Events[0].Seq != p1.Events[0].Seq || back.Newer != 0 {
		t.Fatalf("back to page 1: %d first %d", len(back.Events), back.Events[0].Seq)
	}
	e := p1.Events[0]
	if e.ActorName == "" || e.ActorOrgName != "読み取り監査センター" || e.ActionLabel != "印刷" || e.ObjectTypeLabel != "ケース" {
		t.Errorf("entry: %+v", e)
	}
	if e.Subject != "" || !e.SubjectHidden {
		t.Errorf("a privacy officer who handles no cases sees the case number: %+v", e)
	}
	// an officer who also works in the lead organization reads the case
	org := casework.Organization{ID: f.worker.OrganizationID}
	_, both := sqldbtest.User(t, db, f.sys, org, "both@example.invalid", "privacy_officer", "worker")
	l, err := db.AuditLogPage(ctx, both, sqldb.AuditFilter{CaseID: c.Number, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Events) != 5 || l.Events[0].Subject != c.Number || l.Events[0].SubjectHidden {
		t.Fatalf("by case number: %+v", l.Events)
	}
	// filters by staff and organization
	other := sqldbtest.Org(t, db, f.sys, "別の機関", "npo")
	for _, fl := range []sqldb.AuditFilter{{OrgID: other.ID}, {ActorID: both.UserID, Action: casework.ActPrint}} {
		l, err := db.AuditLogPage(ctx, f.officer, fl)
		if err != nil || len(l.Events) != 0 {
			t.Errorf("%+v: %d events %v", fl, len(l.Events), err)
		}
	}
	l, err = db.AuditLogPage(ctx, f.officer, sqldb.AuditFilter{OrgID: f.worker.OrganizationID, ActorID: f.worker.UserID, Action: casework.ActPrint, Limit: 1000})
	if err != nil || len(l.Events) != 250 {
		t.Errorf("by staff and organization: %d %v", len(l.Events), err)
	}
	if _, err := db.AuditLogPage(ctx, f.worker, sqldb.AuditFilter{}); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Errorf("a worker reads the log: %v", err)
	}
	// the export is audited with its filter
	x, err := db.AuditLogExport(ctx, f.officer, sqldb.AuditFilter{Action: casework.ActPrint})
	if err != nil || len(x.Events) != 250 {
		t.Fatalf("export: %d %v", len(x.Events), err)
	}
	ex, err := db.AuditEvents(ctx, f.officer, sqldb.AuditFilter{Action: casework.ActExport})
	if err != nil || len(ex) != 1 || ex[0].ObjectType != "audit_log" || !strings.Contains(ex[0].Reason, "操作=print") || !strings.Contains(ex[0].Reason, "250件") {
		t.Errorf("export event: %v %+v", err, ex)
	}
}

// TestAuditSearchEventHasTerms: a person search records its terms.
func TestAuditSearchEventHasTerms(t *testing.T) {
	db := sqldbtest.Open(t)
	f := newReadFixture(t, db)
	ctx := context.Background()
	if _, err := db.SearchPersons(ctx, f.worker, "  山田　花子 ", 10); err != nil {
		t.Fatal(err)
	}
	evs, err := db.AuditEvents(ctx, f.officer, sqldb.AuditFilter{Action: casework.ActSearch, ObjectID: ""})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range evs {
		if e.ObjectType == "person" && e.Reason == "検索語: 山田　花子" {
			found = true
		}
	}
	if !found {
		t.Errorf("no search event with the terms: %+v", evs)
	}
}

// TestAuditReviewKeepsTheChain: only the privacy officer marks a flagged
// event 確認済み, once; the count of unreviewed ones goes down; the events
// are not changed and the review is an event of its own.
func TestAuditReviewKeepsTheChain(t *testing.T) {
	db := sqldbtest.Open(t)
	f := newReadFixture(t, db)
	ctx := context.Background()
	out := sqldbtest.Org(t, db, f.sys, "自立相談", "self_reliance_support")
	_, outsider := sqldbtest.User(t, db, f.sys, out, "outsider@example.invalid", "worker")
	if _, err := db.BreakGlass(ctx, outsider, f.cases[0].FocusPersonID, "自宅で倒れているとの通報、家族への連絡が必要"); err != nil {
		t.Fatal(err)
	}
	n, err := db.UnreviewedFlagged(ctx, f.officer)
	if err != nil || n != 1 {
		t.Fatalf("unreviewed: %d %v", n, err)
	}
	l, err := db.AuditLogPage(ctx, f.officer, sqldb.AuditFilter{Unreviewed: true})
	if err != nil || len(l.Events) != 1 || l.Events[0].Action != casework.ActBreakGlass || l.Events[0].Review != nil {
		t.Fatalf("unreviewed events: %v %+v", err, l.Events)
	}
	id := l.Events[0].ID
	if _, err := db.ReviewFlagged(ctx, f.worker, id, "見た"); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Errorf("a worker reviews: %v", err)
	}
	plain, err := db.AuditEvents(ctx, f.officer, sqldb.AuditFilter{Action: casework.ActCreate, Limit: 1})
	if err != nil || len(plain) != 1 || plain[0].Flagged {
		t.Fatalf("a plain event: %v %+v", err, plain)
	}
	if _, err := db.ReviewFlagged(ctx, f.officer, plain[0].ID, ""); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("review of an event that is not flagged: %v", err)
	}
	rv, err := db.ReviewFlagged(ctx, f.officer, id, "通報記録と照合済み")
	if err != nil || rv.ReviewerID != f.officer.UserID || rv.Note != "通報記録と照合済み" {
		t.Fatalf("review: %v %+v", err, rv)
	}
	if _, err := db.ReviewFlagged(ctx, f.officer, id, "もう一度"); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Errorf("second review: %v", err)
	}
	if n, _ := db.UnreviewedFlagged(ctx, f.officer); n != 0 {
		t.Errorf("unreviewed after the review: %d", n)
	}
	l, err = db.AuditLogPage(ctx, f.officer, sqldb.AuditFilter{Flagged: true})
	if err != nil || len(l.Events) != 1 || l.Events[0].Review == nil || l.Events[0].Review.Note != "通報記録と照合済み" || l.Events[0].Review.ReviewerName == "" {
		t.Fatalf("flagged after the review: %v %+v", err, l.Events)
	}
	rev, err := db.AuditEvents(ctx, f.officer, sqldb.AuditFilter{Action: casework.ActReview})
	if err != nil || len(rev) != 1 || rev[0].ObjectID != id || rev[0].Reason != "通報記録と照合済み" {
		t.Fatalf("review event: %v %+v", err, rev)
	}
	auditCount(t, db) // the chain verifies
}

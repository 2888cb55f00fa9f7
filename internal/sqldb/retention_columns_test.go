package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// retentionKept are the columns a disposal keeps on purpose in the tables
// it wipes: ids and links, codes, dates, counts (what the reports count)
// and the names of staff. Everything else must be wiped by a step of
// retention_dispose.go.
var retentionKept = map[string]string{
	"cases": "id municipality_id number focus_person_id household_id received_on route method bunya problems primary_problem screening status lead_org_id " +
		"lead_worker_id decided_on closed_on closure_reason last_contact_at version created_at updated_at disposed_at focus_age_band " +
		"focus_family_name focus_given_name focus_label focus_identified intake_org_id focus_sex focus_birth_date", // focus_*: copies of the person, kept in step by trigger (migrations 0016, 0041): wiped with the person
	"contacts":            "id municipality_id case_id at method minutes jigyo bunya author_id author_org_id version created_at updated_at lead_org_id", // lead_org_id: the case's, copied by trigger (0044)
	"case_status_history": "id municipality_id case_id from_status to_status at user_id",
	"case_intake": "case_id municipality_id received_time received_by_user_id referring_org_id referring_org_name contact_method keep_from_family urgency " +
		"consent_at_intake employment_status housing_type health_insurance pension handbook_kind handbook_grade care_level public_assistance",
	"referrals": "id municipality_id case_id from_org_id to_org_id status due_on sent_by answered_by answered_at completed_at version created_at " +
		"transfer_lead referred_on",
	"info_provisions":  "id municipality_id case_id service_id provided_on author_id created_at",
	"assessments":      "id municipality_id case_id revision assessed_on author_id author_org_id version created_at",
	"plans":            "id municipality_id case_id revision status requested_programs next_review_on agreed_on agreed_by decided_on decided_by decided_by_user_id supersedes_id ended_on author_id author_org_id version created_at updated_at",
	"plan_items":       "id municipality_id plan_id case_id seq organization_id frequency from_on to_on meeting_item_id version created_at",
	"plan_evaluations": "id municipality_id plan_id case_id evaluated_on next_step closure_reason meeting_id next_review_on author_id author_org_id version created_at",
	"meeting_items": "id municipality_id meeting_id case_id basis agenda lead_org_id next_date closure_reason consent_id author_id author_org_id version " +
		"created_at plan_id",
	"consents": "id municipality_id person_id given_by given_on method recipients data_categories purposes meeting_types valid_until withdrawn_on " +
		"supersedes_id recorded_by_org_id recorded_by version created_at disposed_at",
	"meetings": "id municipality_id type scheduled_at host_org_id non_public created_by version created_at updated_at status status_changed_at " +
		"status_changed_by minutes_confirmed_at minutes_confirmed_by disposed_at",
	"meeting_attendees":      "id municipality_id meeting_id seq organization_id user_id member_or_guest confidentiality_ack version created_at absent ack_at ack_by ack_method",
	"meeting_outreach_items": "id municipality_id meeting_id target_id author_id author_org_id version created_at",
	"outreach_targets":       "id municipality_id org_id person_id found_via found_on district stage worker_id case_id version created_at updated_at disposed_at",
	"outreach_attempts":      "id municipality_id target_id at method outcome author_id author_org_id contact_id version created_at",
	"outreach_stage_history": "id municipality_id target_id from_stage to_stage at user_id version created_at",
	"persons":                "id municipality_id registered_by_org_id sex version created_at updated_at disposed_at", // sex: a code the report counts
	"participation_matches": "id municipality_id person_id resource_id menu status org_id proposed_on trial_on placed_on ended_on created_by version " +
		"created_at updated_at",
	"participation_logs":  "id municipality_id match_id kind at method author_id author_org_id version created_at",
	"break_glass":         "id municipality_id person_id user_id granted_at until_at version created_at",
	"dv_designations":     "id municipality_id person_id organization_id designated_by designated_by_org_id at",
	"duplicate_decisions": "id municipality_id person_a person_b decision decided_by decided_by_org_id revoked_at revoked_by version created_at origin",
	"liaison_referrals": "id municipality_id person_id from_org_id to_org_id sent_by consent referred_on due_on status answered_by answered_at case_id " +
		"receiver_person_id version created_at",
	"ecomap_ties": "id municipality_id household_id person_id counterpart_kind organization_id resource_id strength direction recorded_by_org_id version " +
		"created_at updated_at",
	"households": "id municipality_id registered_by_org_id kind version created_at",
}

// retentionUntouched are the tables that refer to a person or a case but
// that a disposal leaves alone, and why.
var retentionUntouched = map[string]string{
	"report_case_presence":     "the months with contacts per case, 事業 and 分野 (migration 0041), derived from the contacts' codes and dates, which a disposal keeps; kept in step by triggers",
	"audit_events":             "the audit log: its own retention (migration 0008), deleted as a block; a hash chain is never edited",
	"audit_reviews":            "part of the audit log",
	"case_events":              "decisions and closures the annual report counts: codes and dates only",
	"case_team":                "team memberships: organizations, bases and dates",
	"household_members":        "relationship codes of members (the household's 世帯数 is counted)",
	"meeting_item_absences":    "attendee ids only",
	"yotaikyo_cases":           "registration dates only",
	"name_index_log":           "ids only; the name keys themselves are wiped on the person",
	"report_snapshots":         "frozen aggregate reports: counts only",
	"resource_gaps":            "shortages of social resources (地域づくり), not about the person",
	"form_stashes":             "sealed per user, expire within hours",
	"retention_decision_items": "the 廃棄記録: ids of what was disposed of",
	"retention_decisions":      "the 廃棄記録",
	"legal_holds":              "the holds themselves (ids and the officer's reason)",
	"case_views":               "a user's saved filters",
	"webauthn_challenges":      "login ceremonies",
	"disclosure_requests":      "開示請求の記録: the municipality's legal record of a request (個人情報保護法第76条〜), kept under the 文書管理規程 apart from the case records",
	"rights_requests":          "訂正・利用停止請求の記録 (第90条・第98条): legal records kept like disclosure_requests",
}

// TestRetentionColumnsClassified: every column of a table a disposal
// touches is either wiped or kept on purpose, and every table that refers
// to a person or a case is reached by a step or listed as untouched. A
// column or table added later fails here until it is classified.
func TestRetentionColumnsClassified(t *testing.T) {
	db := sqldbtest.Open(t)
	cols, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byTable := map[string][]string{}
	for _, tc := range cols {
		tb, c, _ := strings.Cut(tc, ".")
		byTable[tb] = append(byTable[tb], c)
	}
	steps := sqldb.RetentionSteps()
	for tb, wiped := range steps {
		if slices.Contains(wiped, "*") {
			continue // rows deleted
		}
		kept := strings.Fields(retentionKept[tb])
		for _, c := range byTable[tb] {
			if !slices.Contains(wiped, c) && !slices.Contains(kept, c) {
				t.Errorf("%s.%s is neither wiped by a disposal step nor kept on purpose (retention_dispose.go, retentionKept)", tb, c)
			}
		}
		for _, c := range wiped {
			if !slices.Contains(byTable[tb], c) {
				t.Errorf("disposal step wipes %s.%s, which does not exist", tb, c)
			}
		}
	}
	links := []string{"person_id", "case_id", "focus_person_id", "target_id", "meeting_id", "contact_id", "attempt_id", "match_id", "household_id",
		"person_a", "from_person_id", "meeting_item_id", "subject_id", "object_id"}
	for tb, cs := range byTable {
		if _, ok := steps[tb]; ok || retentionUntouched[tb] != "" {
			continue
		}
		for _, c := range cs {
			if slices.Contains(links, c) {
				t.Errorf("table %s refers to a person or a case (%s) but no disposal step reaches it (retention_dispose.go) nor is it listed as untouched", tb, c)
				break
			}
		}
	}
}

package sqldb

import (
	"context"
	"encoding/json"

	"kasane/internal/casework"
)

const meetingItemCols = `mi.id, mi.meeting_id, mi.case_id, mi.basis, mi.agenda, mi.situation, mi.decisions, mi.role_split, mi.lead_org_id,
	mi.key_person, mi.next_date, mi.closure_reason, mi.consent_id, mi.author_org_id, mi.version, mi.created_at, c.number,
	m.type, m.scheduled_at, c.focus_person_id, mi.plan_id`

func scanMeetingItem(s scanner) (casework.MeetingItem, error) {
	var it casework.MeetingItem
	var split, created, at, focus string
	err := s.Scan(&it.ID, &it.MeetingID, &it.CaseID, &it.Basis, &it.Agenda, &it.Situation, &it.Decisions, &split, &it.LeadOrgID,
		&it.KeyPerson, &it.NextDate, &it.ClosureReason, &it.ConsentID, &it.AuthorOrgID, &it.Version, &created, &it.CaseNumber,
		&it.MeetingType, &at, &focus, &it.PlanID)
	it.Created, it.MeetingAt, it.PersonName = parseTS(created), parseTS(at), focus
	it.RoleSplit = []casework.RoleAssignment{}
	if err == nil && split != "" {
		err = json.Unmarshal([]byte(split), &it.RoleSplit)
	}
	return it, err
}

// meetingItems loads items matching where (over mi, c, m), with the case
// number, the focus person's name and the resource gaps. The caller has
// checked that the actor may see them.
func (t *Tx) meetingItems(ctx context.Context, where string, args ...any) ([]casework.MeetingItem, error) {
	items, err := collect(ctx, t, scanMeetingItem, "SELECT "+meetingItemCols+` FROM meeting_items mi JOIN cases c ON c.id = mi.case_id
		JOIN meetings m ON m.id = mi.meeting_id WHERE `+where+" ORDER BY m.scheduled_at, mi.created_at", args...)
	if err != nil {
		return nil, err
	}
	for i := range items {
		it := &items[i]
		c := casework.Case{FocusPersonID: it.PersonName}
		if err := t.fillFocusName(ctx, &c); err != nil {
			return nil, err
		}
		it.PersonName = c.FocusName
		if it.ResourceGaps, err = collect(ctx, t, scanString, "SELECT description FROM resource_gaps WHERE meeting_item_id = ? ORDER BY created_at", it.ID); err != nil {
			return nil, err
		}
		if it.ResourceGaps == nil {
			it.ResourceGaps = []string{}
		}
		if it.LeftRoom, err = collect(ctx, t, scanString, "SELECT attendee_id FROM meeting_item_absences WHERE meeting_item_id = ? ORDER BY attendee_id", it.ID); err != nil {
			return nil, err
		}
		if it.LeftRoom == nil {
			it.LeftRoom = []string{}
		}
	}
	if items == nil {
		items = []casework.MeetingItem{}
	}
	return items, nil
}

// AddMeetingItem puts a case on a meeting's agenda under rule 5: the actor's
// organization attends the meeting and works on the case; a 重層的支援会議
// item needs the consent to cover every attending organization, a 支援会議
// item every attendee's confidentiality acknowledgement.
func (db *DB) AddMeetingItem(ctx context.Context, a casework.Actor, meetingID string, it *casework.MeetingItem) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "会議の記録を変更する権限がありません。")
	}
	return db.inTx(ctx, true, "会議の検討事項", func(tx *Tx) error {
		m, err := tx.visibleMeeting(ctx, a, meetingID)
		if err != nil {
			return err
		}
		if err := casework.CheckItemAdd(a, m); err != nil {
			return err
		}
		if err := it.ValidateItem(m.Type); err != nil {
			return err
		}
		for _, aid := range it.LeftRoom {
			if _, ok := attendeeByID(m, aid); !ok {
				return invalidField("left_attendee_ids", "退室した出席者が見つかりません。")
			}
		}
		c, f, err := tx.writableCaseData(ctx, a, it.CaseID, casework.CatRecords)
		if casework.ErrorCode(err) == casework.ENOTFOUND {
			return &casework.Error{Code: casework.EINVALID, Message: "ケースが見つかりません。", Fields: map[string]string{"case_id": "あなたの機関が支援チームにいるケースを選んでください。"}}
		}
		if err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		bad := func(field, msg string) error {
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
		}
		if it.LeadOrgID != "" && names[it.LeadOrgID] == "" {
			return bad("lead_organization_id", "主担当機関が見つかりません。")
		}
		for _, r := range it.RoleSplit {
			if names[r.OrganizationID] == "" {
				return bad("role_split", "役割分担の機関が見つかりません。")
			}
		}
		if it.PlanID != "" {
			var planCase string
			if err := tx.queryRow(ctx, "SELECT case_id FROM plans WHERE municipality_id = ? AND id = ?", a.MunicipalityID, it.PlanID).Scan(&planCase); err != nil || planCase != c.ID {
				return bad("plan_id", "このケースのプランを選んでください。")
			}
		}
		// rule 0: an item on a statutory basis opens the case to attendees
		// the consent does not cover; only the holder of the information,
		// the lead, brings a case there
		if it.Basis != "consent" && !casework.IsLead(a, f) {
			return bad("case_id", "同意によらない会議でこのケースを検討できるのは、主担当機関だけです。")
		}
		if it.ConsentID, err = casework.CheckMeetingItem(m, *it, f, names, casework.Today(tx.now)); err != nil {
			return err
		}
		split, err := json.Marshal(it.RoleSplit)
		if err != nil {
			return err
		}
		it.ID, it.MeetingID, it.AuthorOrgID, it.Version, it.Created = newID(), m.ID, a.OrganizationID, 1, tx.now
		it.CaseNumber, it.MeetingType, it.MeetingAt = c.Number, m.Type, m.ScheduledAt
		if _, err := tx.exec(ctx, `INSERT INTO meeting_items (id, municipality_id, meeting_id, case_id, basis, agenda, situation, decisions, role_split,
			lead_org_id, key_person, next_date, closure_reason, consent_id, author_id, author_org_id, version, created_at, plan_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
			it.ID, a.MunicipalityID, m.ID, c.ID, it.Basis, it.Agenda, it.Situation, it.Decisions, string(split), it.LeadOrgID, it.KeyPerson,
			it.NextDate, it.ClosureReason, it.ConsentID, a.UserID, a.OrganizationID, ts(tx.now), it.PlanID); err != nil {
			return err
		}
		if err := tx.setLeftRoom(ctx, a, it.ID, it.LeftRoom); err != nil {
			return err
		}
		if it.LeftRoom == nil {
			it.LeftRoom = []string{}
		}
		for _, g := range it.ResourceGaps {
			if _, err := tx.exec(ctx, `INSERT INTO resource_gaps (id, municipality_id, meeting_id, meeting_item_id, description, raised_on, raised_by_org_id,
				version, created_at) VALUES (?,?,?,?,?,?,?,1,?)`, newID(), a.MunicipalityID, m.ID, it.ID, g, casework.Today(m.ScheduledAt), a.OrganizationID, ts(tx.now)); err != nil {
				return err
			}
		}
		// it becomes the stored item: a person name or case number the
		// request carried is not handed back as if recorded
		stored, err := tx.meetingItems(ctx, "mi.id = ?", it.ID)
		if err != nil {
			return err
		}
		if len(stored) != 1 {
			return casework.NotFound("会議の検討事項")
		}
		*it = stored[0]
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "meeting_item", ObjectID: it.ID, Reason: m.Type})
	})
}

// CaseMeetingItems lists a case's items at meetings the actor's organization
// attended: a case team member who was not at a 支援会議 does not see its
// record.
func (db *DB) CaseMeetingItems(ctx context.Context, a casework.Actor, caseID string) ([]casework.MeetingItem, error) {
	var out []casework.MeetingItem
	err := db.inRead(ctx, "会議の検討事項", func(tx *Tx) error {
		if _, _, err := tx.readableCase(ctx, a, caseID); err != nil {
			return err
		}
		var err error
		out, err = tx.meetingItems(ctx, `mi.case_id = ? AND mi.municipality_id = ? AND (m.host_org_id = ? OR m.id IN
			(SELECT meeting_id FROM meeting_attendees WHERE organization_id = ?))`, caseID, a.MunicipalityID, a.OrganizationID, a.OrganizationID)
		if err != nil {
			return err
		}
		if out, err = tx.readableItems(ctx, a, out); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "meeting_items", ObjectID: caseID})
	})
	return out, err
}

// ItemToPlan turns a meeting item's role split into plan lines in one step:
// added to the case's draft plan, or, when the plan in force is agreed or
// decided, into a new plan version (re-plan) that copies it.
func (db *DB) ItemToPlan(ctx context.Context, a casework.Actor, itemID string) (casework.Plan, error) {
	var p casework.Plan
	err := db.inTx(ctx, true, "プラン", func(tx *Tx) error {
		items, err := tx.meetingItems(ctx, "mi.municipality_id = ? AND mi.id = ?", a.MunicipalityID, itemID)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return casework.NotFound("会議の検討事項")
		}
		it := items[0]
		if _, err := tx.visibleMeeting(ctx, a, it.MeetingID); err != nil {
			return casework.NotFound("会議の検討事項")
		}
		c, f, err := tx.writableCaseData(ctx, a, it.CaseID, casework.CatRecords)
		if err != nil {
			return err
		}
		if len(it.RoleSplit) == 0 {
			return &casework.Error{Code: casework.EINVALID, Message: "この検討事項には役割分担がありません。", Fields: map[string]string{"role_split": "役割分担がありません。"}}
		}
		cur, err := collect(ctx, tx, scanString, "SELECT id FROM plans WHERE case_id = ? AND status IN ('draft', 'agreed', 'decided') ORDER BY revision DESC", c.ID)
		if err != nil {
			return err
		}
		if len(cur) == 0 {
			return &casework.Error{Code: casework.EINVALID, Message: "このケースにはまだプランがありません。先にプラン案を作成してください。", Fields: map[string]string{"plan": "先にプラン案を作成してください。"}}
		}
		if p, err = tx.plan(ctx, a.MunicipalityID, cur[0]); err != nil {
			return err
		}
		for _, r := range it.RoleSplit {
			p.Items = append(p.Items, casework.PlanItem{Content: r.Task, OrganizationID: r.OrganizationID, From: casework.Today(tx.now), MeetingItemID: it.ID})
		}
		if p.Status != "draft" {
			p.Evaluations = nil
			return tx.createPlan(ctx, a, c, f, &p)
		}
		if err := p.Validate(tx.now); err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		if err := casework.CheckPlanItems(f, p.Items, names, casework.Today(tx.now)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM plan_items WHERE plan_id = ?", p.ID); err != nil {
			return err
		}
		if err := tx.insertPlanItems(ctx, a.MunicipalityID, &p); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("プラン"), "UPDATE plans SET updated_at = ?, version = version + 1 WHERE id = ? AND version = ?", ts(tx.now), p.ID, p.Version); err != nil {
			return err
		}
		p.Version++
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "plan", ObjectID: p.ID, Reason: "meeting_item " + it.ID})
	})
	return p, err
}

// readableItems keeps the items the actor may read now (rule 3 over rule 5,
// casework.CanReadMeetingItem): an item shared under a consent that has
// since ended drops out of every page, print and export of the meeting.
func (t *Tx) readableItems(ctx context.Context, a casework.Actor, items []casework.MeetingItem) ([]casework.MeetingItem, error) {
	if len(items) == 0 {
		return items, nil
	}
	ids := make([]any, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		if !seen[it.CaseID] {
			seen[it.CaseID] = true
			ids = append(ids, it.CaseID)
		}
	}
	cases, err := collect(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, err
	}
	facts, err := t.casesFacts(ctx, a.MunicipalityID, cases)
	if err != nil {
		return nil, err
	}
	factsOf := map[string]casework.CaseFacts{}
	for i, c := range cases {
		factsOf[c.ID] = facts[i]
	}
	meetings := map[string]casework.Meeting{}
	for _, it := range items {
		if _, ok := meetings[it.MeetingID]; !ok {
			if meetings[it.MeetingID], err = t.meeting(ctx, a.MunicipalityID, it.MeetingID); err != nil {
				return nil, err
			}
		}
	}
	day := casework.Today(t.now)
	out := []casework.MeetingItem{}
	for _, it := range items {
		if casework.CanReadMeetingItem(a, meetings[it.MeetingID], it, factsOf[it.CaseID], day) {
			out = append(out, it)
		}
	}
	return out, nil
}

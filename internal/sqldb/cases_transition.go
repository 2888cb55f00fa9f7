package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// checkTransition loads the case and applies the rules of a status change;
// it returns the event to record (closure or suspension), if any.
func (t *Tx) checkTransition(ctx context.Context, a casework.Actor, id string, tr *CaseTransition) (casework.Case, casework.CaseEvent, error) {
	var ev casework.CaseEvent
	kind, err := t.actorOrgKind(ctx, a)
	if err != nil {
		return casework.Case{}, ev, err
	}
	switch tr.To {
	case "closed":
		ev.Kind = casework.EventClosure
	case "suspended":
		ev.Kind = casework.EventSuspension
	}
	if tr.MeetingItemID != "" && a.Has(casework.RoleDecisionMaker) {
		// the municipality decides on a meeting item; its decision maker
		// need not be on the team, but must have attended the meeting
		c, _, err := t.caseFacts(ctx, a.MunicipalityID, id)
		if err != nil {
			return c, ev, mapError(err, "ケース")
		}
		m, it, err := t.decisionItem(ctx, a, tr.MeetingItemID)
		if err != nil || it.CaseID != id {
			if _, _, werr := t.readableCase(ctx, a, id); werr != nil {
				return c, ev, casework.NotFound("ケース")
			}
			if err == nil {
				err = invalidField("meeting_item_id", "このケースの検討事項ではありません。")
			}
			return c, ev, err
		}
		if ev.Kind == "" {
			return c, ev, invalidField("to", "会議の検討事項に基づいて決定できるのは終結と中断です。")
		}
		if tr.To == "closed" && tr.Reason == "" {
			tr.Reason = it.ClosureReason
		}
		if ev.On, err = t.transitionDay(c, tr.On); err != nil {
			return c, ev, err
		}
		if err := casework.CheckMeetingDecision(a, kind, ev.Kind, m, it, id, "", ev.On); err != nil {
			return c, ev, err
		}
		ev.MeetingID, ev.MeetingItemID, ev.Result = m.ID, it.ID, "承認"
		return c, ev, c.CheckTransition(tr.To, tr.Reason)
	}
	c, _, err := t.writableCase(ctx, a, id)
	if err != nil {
		return c, ev, err
	}
	if err := casework.CanChangeCaseStatus(a, kind, c); err != nil {
		return c, ev, err
	}
	if tr.MeetingItemID != "" { // only a decision maker decides on a meeting
		return c, ev, casework.CheckMeetingDecision(a, kind, ev.Kind, casework.Meeting{}, casework.MeetingItem{}, id, "", "")
	}
	if err := c.CheckTransition(tr.To, tr.Reason); err != nil {
		return c, ev, err
	}
	takikan, err := t.isTakikanCase(ctx, c)
	if err != nil {
		return c, ev, err
	}
	var decided int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM plans WHERE case_id = ? AND status = 'decided'", id).Scan(&decided); err != nil {
		return c, ev, err
	}
	if err := casework.CheckManualTransition(tr.To, decided > 0, takikan, ""); err != nil {
		return c, ev, err
	}
	ev.On, err = t.transitionDay(c, tr.On)
	return c, ev, err
}

// transitionDay is the day of a closure or suspension: today by default,
// else a day from the case's receipt to today.
func (t *Tx) transitionDay(c casework.Case, on string) (string, error) {
	if on == "" {
		return casework.Today(t.now), nil
	}
	d, err := casework.ValidateDay("on", "終結・中断の日", on, t.now)
	if err == nil && d < c.ReceivedOn {
		err = invalidField("on", "終結・中断の日は受付日（"+c.ReceivedOn+"）以後にしてください。")
	}
	return d, err
}

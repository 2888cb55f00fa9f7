package web

import "kasane/internal/casework"

func oArr(items any) map[string]any { return map[string]any{"type": "array", "items": items} }

var (
	oInt    = map[string]any{"type": "integer"}
	oNum    = map[string]any{"type": "number"}
	oBool   = map[string]any{"type": "boolean"}
	oCounts = map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"}}
)

func outreachSchemas() map[string]any {
	attempt := obj(map[string]any{"id": str(), "target_id": str(), "at": str(), "method": enum(casework.AttemptMethods),
		"outcome": enum(casework.AttemptOutcomes), "note": str(), "author_id": str(), "author_organization_id": str(), "author_name": str(),
		"version": oInt, "history": oArr(obj(map[string]any{"version": oInt, "at": str(), "method": str(), "outcome": str(), "note": str(),
			"edited_by": str(), "edited_by_name": str(), "edited_at": str()}))}, "at", "method", "outcome")
	month := obj(map[string]any{"month": str(), "new_targets": oInt, "stage_at_end": oCounts, "reached": oCounts, "attempts": oInt,
		"attempts_by_outcome": oCounts, "attempts_by_method": oCounts, "handed_over": oInt})
	resource := obj(map[string]any{"id": str(), "name": str(), "kind": enum(casework.ResourceKinds), "operator": str(),
		"host_organization_id": str(), "address": str(), "district": str(), "lat": oNum, "lng": oNum,
		"target_groups": oArr(enum(casework.TargetGroups)), "accepts_participants": oBool, "menus": oArr(str()),
		"activities": oArr(enum(casework.Activities)), "schedule": str(), "days": oArr(enum(casework.Weekdays)),
		"time_slots": oArr(enum(casework.TimeSlots)), "capacity": oInt, "accessibility": oArr(enum(casework.Accessibility)),
		"host_support_needs": str(), "sessions": oArr(ref("Session")), "version": oInt}, "name", "kind")
	member := obj(map[string]any{"id": str(), "platform_id": str(), "name": str(), "organization_id": str(), "role": str()})
	meeting := obj(map[string]any{"id": str(), "platform_id": str(), "held_on": str(), "title": str(), "attendees": oInt,
		"summary": str(), "gaps": str()}, "held_on", "title")
	match := obj(map[string]any{"id": str(), "person_id": str(), "person_name": str(), "resource_id": str(), "resource_name": str(),
		"menu": str(), "status": enum(casework.MatchStatuses), "organization_id": str(), "organization_name": str(),
		"proposed_by": str(), "proposed_by_name": str(), "proposed_on": str(), "trial_on": str(),
		"placed_on": str(), "ended_on": str(), "end_reason": str(), "host_view": oBool, "logs": oArr(ref("MatchLog")), "version": oInt},
		"person_id", "resource_id", "menu")
	return map[string]any{
		"OutreachTarget": obj(map[string]any{"id": str(), "person_id": str(), "label": str(), "display_name": str(),
			"found_via": enum(casework.OutreachFoundVia), "found_on": str(), "concern": str(), "district": str(),
			"stage": enum(casework.OutreachStages), "organization_id": str(), "case_id": str(), "attempts": oArr(attempt),
			"worker_id": str(), "worker_name": str(), "history": oArr(obj(map[string]any{"version": oInt, "label": str(), "found_via": str(),
				"found_on": str(), "concern": str(), "district": str(), "edited_by": str(), "edited_by_name": str(), "edited_at": str()})),
			"stage_history":      oArr(obj(map[string]any{"from": str(), "to": str(), "reason": str(), "at": str()})),
			"shared_at_meetings": oArr(str()), "meeting_items": oArr(ref("OutreachMeetingItem")), "version": oInt},
			"found_via", "concern"),
		"OutreachMeetingItem": obj(map[string]any{"id": str(), "meeting_id": str(), "target_id": str(), "situation": str(), "decisions": str(),
			"author_organization_id": str(), "target_name": str(), "version": oInt}, "target_id"),
		"OutreachMeetingItemList": listSchema("OutreachMeetingItem"),
		"OutreachTargetList":      listSchema("OutreachTarget"),
		"OutreachAttempt":         attempt,
		"StageMove":               obj(map[string]any{"stage": enum(casework.OutreachStages), "reason": str(), "version": oInt}, "stage"),
		"HandOver": obj(map[string]any{"person": ref("Person"), "person_id": str(), "consent": ref("Consent"), "received_on": str(), "method": enum(casework.IntakeMethods),
			"bunya": oArr(enum(casework.Bunya)), "problems": oArr(enum(casework.Problems)), "complaint": str()}, "bunya"),
		"Districts": obj(map[string]any{"names": oArr(str())}, "names"),
		"OutreachAttemptUpdate": obj(map[string]any{"at": str(), "method": enum(casework.AttemptMethods), "outcome": enum(casework.AttemptOutcomes),
			"note": str(), "version": oInt}, "at", "method", "outcome", "version"),
		"HandOverResult": obj(map[string]any{"target": ref("OutreachTarget"), "case_id": str(), "person_id": str()}),
		"OutreachReport": obj(map[string]any{"organization_id": str(), "organization_name": str(), "fiscal_year": oInt, "months": oArr(month)}),
		"CommunityCounts": obj(map[string]any{"fiscal_year": oInt, "places": oInt, "hosts": oInt, "sessions": oInt, "participants": oInt,
			"participants_by_group": oCounts, "participating_organizations": oInt, "platform_meetings": oInt,
			"matches_by_status": oCounts, "outreach_by_stage": oCounts, "outreach_attempts": oInt}),
		"Resource":        resource,
		"ResourceList":    listSchema("Resource"),
		"Session":         obj(map[string]any{"id": str(), "resource_id": str(), "held_on": str(), "participants": oCounts, "total": oInt, "note": str()}, "held_on", "participants"),
		"Coordinator":     obj(map[string]any{"id": str(), "name": str(), "kind": enum(casework.CoordinatorKinds), "organization_id": str(), "area": str(), "contact": str(), "version": oInt}, "name", "kind"),
		"CoordinatorList": listSchema("Coordinator"),
		"Platform": obj(map[string]any{"id": str(), "name": str(), "area": str(), "purpose": str(), "members": oArr(member),
			"meetings": oArr(meeting), "version": oInt}, "name"),
		"PlatformList":    listSchema("Platform"),
		"PlatformMember":  member,
		"PlatformMeeting": meeting,
		"NeedsProfile": obj(map[string]any{"person_id": str(), "interests": oArr(enum(casework.Activities)), "days": oArr(enum(casework.Weekdays)),
			"time_slots": oArr(enum(casework.TimeSlots)), "districts": oArr(str()), "home_lat": oNum, "home_lng": oNum,
			"health_limits": str(), "support_needed": oArr(enum(casework.Accessibility)), "note": str(), "version": oInt}),
		"Suggestion": obj(map[string]any{"resource": ref("Resource"), "score": oInt,
			"reasons": oArr(obj(map[string]any{"kind": str(), "text": str(), "positive": oBool}))}),
		"SuggestionList": listSchema("Suggestion"),
		"Match":          match,
		"MatchList":      listSchema("Match"),
		"MatchMove":      obj(map[string]any{"to": enum(casework.MatchStatuses), "reason": str(), "on": str(), "version": oInt}, "to"),
		"MatchLog": obj(map[string]any{"id": str(), "match_id": str(), "kind": enum(casework.MatchLogKinds), "at": str(),
			"method": enum(casework.MatchLogMethod), "note": str(), "author_id": str(), "author_organization_id": str(),
			"author_name": str(), "author_organization_name": str()}, "kind", "at", "method", "note"),
	}
}

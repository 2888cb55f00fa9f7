package casework

// Staff leaving (退職・人事異動): a user whose access is stopped hands the open
// cases and outreach targets they lead to a successor, or leaves them without
// a lead worker, where the alerts and the dashboard show them. Nothing they
// led is silently orphaned.

// CheckSuccessor decides whether successor may take over what leaving leads:
// another active member of staff of the same organization who may write cases.
func CheckSuccessor(leaving, successor User) error {
	if successor.ID == leaving.ID {
		msg := "引き継ぎ先には別の職員を選んでください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"successor_id": msg}}
	}
	if err := CheckLeadWorker(successor, leaving.OrganizationID); err != nil {
		msg := err.(*Error).Message
		if successor.OrganizationID != leaving.OrganizationID {
			msg = "引き継ぎ先は同じ機関の職員から選んでください。"
		}
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"successor_id": msg}}
	}
	return nil
}

package casework

// Staff leaving (退職・人事異動): a user whose access is stopped hands the open
// cases and outreach targets they lead to a successor, or leaves them without
// a lead worker, where the alerts and the dashboard show them. Nothing they
// led is silently orphaned.

// CheckSuccessor decides whether successor may take over what leaving leads:
// another active member of staff of the same organization who may write cases.
func CheckSuccessor(leaving, successor User) error {
	msg := "引き継ぎ先には別の職員を選んでください。"
	if successor.ID != leaving.ID {
		msg = leadWorkerProblem(successor, leaving.OrganizationID, "引き継ぎ先は同じ機関の職員から選んでください。")
	}
	return fieldProblem("successor_id", msg)
}

// CheckLeadWorker: the lead worker of a case is an active member of staff
// of its lead organization who may write cases.
func CheckLeadWorker(u User, leadOrgID string) error {
	return fieldProblem("lead_worker_id", leadWorkerProblem(u, leadOrgID, "主担当者は主担当機関の職員から選んでください。"))
}

// leadWorkerProblem says why u may not lead the cases of organization org
// ("" when they may); otherOrg is the message for staff of another one.
func leadWorkerProblem(u User, org, otherOrg string) string {
	switch {
	case u.Disabled:
		return "利用停止中の職員は主担当者にできません。"
	case u.OrganizationID != org:
		return otherOrg
	case !CanWriteCases(Actor{UserID: u.ID, OrganizationID: u.OrganizationID, Roles: u.Roles}):
		return "この職員にはケースを記録する役割がありません。"
	}
	return ""
}

// fieldProblem is an EINVALID error of one field with msg, nil for "".
func fieldProblem(field, msg string) error {
	if msg == "" {
		return nil
	}
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

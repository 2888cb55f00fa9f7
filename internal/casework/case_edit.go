package casework

import "time"

// CaseEdit is a change of what intake recorded (分野, 課題, 主訴, screening)
// and of the lead worker, as the support goes on. Nil fields stay as they
// are (a JSON PATCH); Version is the version the user saw.
type CaseEdit struct {
	Bunya          *[]string `json:"bunya,omitempty"`
	Problems       *[]string `json:"problems,omitempty"`
	PrimaryProblem *string   `json:"primary_problem,omitempty"`
	Complaint      *string   `json:"complaint,omitempty"`
	Screening      *string   `json:"screening,omitempty"`
	LeadWorkerID   *string   `json:"lead_worker_id,omitempty"`
	Version        int       `json:"version"`
}

// CanEditCase: the record of intake and the lead worker are the lead
// organization's to change (other team members add to the support record);
// a closed case is no longer changed.
func CanEditCase(a Actor, c Case) error {
	if !CanWriteCases(a) || a.OrganizationID != c.LeadOrgID {
		return Errorf(EFORBIDDEN, "ケースの情報は主担当機関の職員だけが変更できます。")
	}
	if c.Status == "closed" {
		return Errorf(EINVALID, "終結したケースは変更できません。必要なら状態を戻してから変更してください。")
	}
	return nil
}

// Apply puts the edit on c and validates the result as intake does.
func (c *Case) Apply(e CaseEdit, now time.Time) error {
	if e.Bunya != nil {
		c.Bunya = *e.Bunya
	}
	if e.Problems != nil {
		c.Problems = *e.Problems
		if e.PrimaryProblem == nil && !contains(c.Problems, c.PrimaryProblem) {
			c.PrimaryProblem = ""
		}
	}
	if e.PrimaryProblem != nil {
		c.PrimaryProblem = *e.PrimaryProblem
	}
	if e.Complaint != nil {
		c.Complaint = *e.Complaint
	}
	if e.Screening != nil {
		c.Screening = *e.Screening
	}
	if e.LeadWorkerID != nil {
		c.LeadWorkerID = *e.LeadWorkerID
	}
	return c.ValidateIntake(now)
}

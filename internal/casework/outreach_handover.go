package casework

// HandOver is what the worker gives when a consenting target becomes a case:
// the person (when the target has none yet) and the intake of the case. The
// case's route is アウトリーチ; the attempts become contacts of the case.
type HandOver struct {
	Person *Person `json:"person,omitempty"` // required when the target has no person yet (and PersonID is empty)
	// PersonID picks a person already registered by the actor's organization
	// (found by the duplicate check) instead of registering a new one.
	PersonID string `json:"person_id,omitempty"`
	// Consent, when given, is recorded for the person in the same step
	// (person_id is set by the server).
	Consent    *Consent `json:"consent,omitempty"`
	ReceivedOn string   `json:"received_on"` // default: today
	Method     string   `json:"method"`      // intake method; default 訪問
	Bunya      []string `json:"bunya"`
	Problems   []string `json:"problems"`
	Complaint  string   `json:"complaint"` // default: the target's concern
}

// ContactMethodForAttempt maps an attempt method onto the contact log's
// methods; the original method and outcome stay in the contact text.
func ContactMethodForAttempt(m string) string {
	switch m {
	case "電話":
		return "電話"
	case "手紙":
		return "文書"
	case "関係者経由":
		return "同行"
	}
	return "訪問"
}

package casework

import "time"

// Settings are the municipal settings. Zero values mean "use the default".
type Settings struct {
	RequireMFA           *bool `json:"require_mfa,omitempty"`
	IdleTimeoutMinutes   int   `json:"idle_timeout_minutes,omitempty"`
	AbsoluteTimeoutHours int   `json:"absolute_timeout_hours,omitempty"`
	AuditRetentionYears  int   `json:"audit_retention_years,omitempty"`
	ReferralDueWorkDays  int   `json:"referral_due_work_days,omitempty"`
	StaleContactDays     int   `json:"stale_contact_days,omitempty"`
	// Duplicate detection thresholds (scores 0–100): "same person" and "review".
	DuplicateSameScore   int `json:"duplicate_same_score,omitempty"`
	DuplicateReviewScore int `json:"duplicate_review_score,omitempty"`
	// InquiryContactOrgID and InquiryContactText are the contact point a
	// person search names for hits outside the team (default: the
	// multi_agency organization, else the first municipal_section; see
	// ResolveInquiryContact).
	InquiryContactOrgID string `json:"inquiry_contact_organization_id,omitempty"`
	InquiryContactText  string `json:"inquiry_contact_text,omitempty"`
	// ShienKaigiSecretariat are the organizations the municipality
	// designated as the 事務局 of its 支援会議 (社会福祉法第106条の6); empty:
	// its municipal_section organizations (ResolveSecretariat).
	ShienKaigiSecretariat []string `json:"shien_kaigi_secretariat,omitempty"`
}

// MFARequired: on by default.
func (s Settings) MFARequired() bool { return s.RequireMFA == nil || *s.RequireMFA }

// IdleTimeout is 30 minutes by default.
func (s Settings) IdleTimeout() time.Duration {
	if s.IdleTimeoutMinutes > 0 {
		return time.Duration(s.IdleTimeoutMinutes) * time.Minute
	}
	return 30 * time.Minute
}

// AbsoluteTimeout is 12 hours by default.
func (s Settings) AbsoluteTimeout() time.Duration {
	if s.AbsoluteTimeoutHours > 0 {
		return time.Duration(s.AbsoluteTimeoutHours) * time.Hour
	}
	return 12 * time.Hour
}

// AuditPermanent: the audit log is kept for ever (永年; stored as a
// negative audit_retention_years, set on the 保存年限 page, issue 23).
func (s Settings) AuditPermanent() bool { return s.AuditRetentionYears < 0 }

// AuditRetention is 10 years by default.
func (s Settings) AuditRetention() int {
	if s.AuditRetentionYears > 0 {
		return s.AuditRetentionYears
	}
	return 10
}

// ReferralDue is 5 working days by default.
func (s Settings) ReferralDue() int {
	if s.ReferralDueWorkDays > 0 {
		return s.ReferralDueWorkDays
	}
	return 5
}

// StaleContact is 30 days by default.
func (s Settings) StaleContact() int {
	if s.StaleContactDays > 0 {
		return s.StaleContactDays
	}
	return 30
}

// SessionState says whether a session is still valid at now.
func SessionState(created, lastSeen, now time.Time, s Settings) (ok bool, reason string) {
	if now.Sub(created) >= s.AbsoluteTimeout() {
		return false, "absolute"
	}
	if now.Sub(lastSeen) >= s.IdleTimeout() {
		return false, "idle"
	}
	return true, ""
}

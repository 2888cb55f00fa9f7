package web

import (
	"net/url"

	"kasane/internal/casework"
)

// The 相談受付・申込票 (A票/B票) items of the intake form (issue 22).

var intakeCodes = map[string]casework.CodeList{
	"urgencies": casework.Urgencies, "urgencyReasons": casework.UrgencyReasons, "contactChannels": casework.ContactChannels,
	"employmentStatuses": casework.EmploymentStatuses, "housingTypes": casework.HousingTypes,
	"healthInsurances": casework.HealthInsurances, "pensions": casework.Pensions, "handbookKinds": casework.HandbookKinds,
	"careLevels": casework.CareLevels, "publicAssistance": casework.PublicAssistance,
	"consentAtIntake": {{Value: "yes", Label: "あり"}, {Value: "no", Label: "なし（同意を得られていない）"}},
	"keepFromFamily":  {{Value: "1", Label: "家族に知られたくない（家族への連絡・郵送をしない）"}},
}

// intakeFromForm reads the A票/B票 items of the intake form.
func intakeFromForm(f url.Values) casework.CaseIntake {
	x := casework.CaseIntake{ReceivedTime: f.Get("received_time"), ReferringOrgID: f.Get("referring_organization_id"),
		ReferringOrgName: f.Get("referring_organization_name"), Urgency: f.Get("urgency"), UrgencyReason: f.Get("urgency_reason"),
		Employment: f.Get("employment_status"), Housing: f.Get("housing_type"), HealthInsurance: f.Get("health_insurance"),
		Pension: f.Get("pension"), HandbookKind: f.Get("handbook_kind"), HandbookGrade: f.Get("handbook_grade"),
		CareLevel: f.Get("care_level"), PublicAssistance: f.Get("public_assistance"),
		Visitor:            &casework.Visitor{Name: f.Get("visitor_name"), Relation: f.Get("visitor_relation"), Phone: f.Get("visitor_phone")},
		ContactPreferences: &casework.ContactPreferences{Method: f.Get("contact_method"), Hours: f.Get("contact_hours"), KeepFromFamily: f.Get("keep_from_family") == "1"},
	}
	switch f.Get("consent_at_intake") {
	case "yes":
		t := true
		x.ConsentAtIntake = &t
	case "no":
		t := false
		x.ConsentAtIntake = &t
	}
	return x
}

package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// inquiryContact is the municipality's contact point for a search hit
// outside the team (casework.ResolveInquiryContact): the organization of the
// setting, else the multi_agency organization, else the first
// municipal_section one, in the order they were registered.
func (t *Tx) inquiryContact(ctx context.Context, muni string) (*casework.InquiryContact, error) {
	var s casework.Settings
	if err := t.settings(ctx, muni, &s); err != nil {
		return nil, err
	}
	orgs, err := collect(ctx, t, scanOrg, "SELECT "+orgCols+" FROM organizations WHERE municipality_id = ? ORDER BY created_at, name, id", muni)
	if err != nil {
		return nil, err
	}
	c := casework.ResolveInquiryContact(s, orgs)
	return &c, nil
}

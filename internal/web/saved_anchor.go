package web

// After a save the browser comes back (POST-redirect-GET) to the section of
// the page whose form was sent, not to the top: the redirect names the
// section's heading, and kasane.js moves focus there with the message
// (issue 21). Without JavaScript the browser still scrolls to it.

// savedAnchors maps a form's name to the id of its section's heading.
var savedAnchors = map[string]string{
	// case page (case.html)
	"contact": "h-contacts", "team": "h-team", "referral": "h-ref", "info": "h-info", "status": "h-status",
	// household page (household.html)
	"member": "h-members", "relation": "h-relations",
}

// savedAnchor is the fragment to return to after form was saved.
func savedAnchor(form string) string {
	if a, ok := savedAnchors[form]; ok {
		return a
	}
	return form
}

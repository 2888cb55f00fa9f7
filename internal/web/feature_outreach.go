package web

import "kasane/internal/casework"

// The outreach feature's routes, API documentation, schemas and code lists. The
// feature's owner replaces these empty tables.
var (
	outreachRoutes = []route{}
	outreachDocs   = map[string]apiDoc{}
	outreachCodes  = map[string]casework.CodeList{}
)

func outreachSchemas() map[string]any { return map[string]any{} }

package web

import "kasane/internal/casework"

// The report feature's routes, API documentation, schemas and code lists. The
// feature's owner replaces these empty tables.
var (
	reportRoutes = []route{}
	reportDocs   = map[string]apiDoc{}
	reportCodes  = map[string]casework.CodeList{}
)

func reportSchemas() map[string]any { return map[string]any{} }

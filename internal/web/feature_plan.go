package web

import "kasane/internal/casework"

// The plan feature's routes, API documentation, schemas and code lists. The
// feature's owner replaces these empty tables.
var (
	planRoutes = []route{}
	planDocs   = map[string]apiDoc{}
	planCodes  = map[string]casework.CodeList{}
)

func planSchemas() map[string]any { return map[string]any{} }

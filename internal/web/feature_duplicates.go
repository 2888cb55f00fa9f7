package web

// The duplicates page (名寄せ): candidate pairs to decide, decisions in
// force, and their revocation. duplicatesRoutes is listed in routes.go.
var duplicatesRoutes = []route{
	{"GET /duplicates", false, (*Server).duplicatesPage},
	{"POST /duplicates/decisions", false, (*Server).duplicateDecide},
	{"POST /duplicates/decisions/{id}/revoke", false, (*Server).duplicateRevoke},
}

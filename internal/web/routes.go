package web

import (
	"net/http"
	"slices"
)

// route is one entry of the routing table. Every route of kasane is listed
// here, in one place; API routes also appear in the OpenAPI document (a test
// keeps the two in step).
type route struct {
	pattern string // "METHOD /path"
	public  bool   // reachable without login
	handler func(*Server, http.ResponseWriter, *http.Request)
}

// routes is every route of kasane. Feature files contribute their own
// tables (planRoutes, reportRoutes, …) so each feature keeps one owner.
var routes = slices.Concat(coreRoutes, planRoutes, reportRoutes, outreachRoutes, searchRoutes, genogramRoutes, accountRoutes, duplicatesRoutes, caseEditRoutes, accessRoutes, breakGlassRoutes, securityKeyRoutes, stashRoutes, caseListRoutes, auditRoutes, liaisonRoutes, monthlyRoutes, districtRoutes, disclosureRoutes, retentionRoutes)

var coreRoutes = []route{
	// pages
	{"GET /{$}", false, (*Server).workPage},
	{"GET /persons", false, (*Server).personsPage},
	{"GET /persons/new", false, (*Server).personNewPage},
	{"POST /persons", false, (*Server).personCreate},
	{"GET /persons/{id}", false, (*Server).personPage},
	{"GET /persons/{id}/edit", false, (*Server).personEditPage},
	{"POST /persons/{id}/edit", false, (*Server).personUpdate},
	{"GET /households/new", false, (*Server).householdNewPage},
	{"POST /households", false, (*Server).householdCreate},
	{"GET /households/{id}", false, (*Server).householdPage},
	{"POST /households/{id}/members", false, (*Server).householdMemberAdd},
	{"POST /households/{id}/relations", false, (*Server).householdRelationAdd},
	{"GET /cases", false, (*Server).casesPage},
	{"GET /cases/new", false, (*Server).caseNewPage},
	{"POST /cases", false, (*Server).caseCreate},
	{"GET /cases/{id}", false, (*Server).casePage},
	{"GET /cases/{id}/print", false, (*Server).casePrint},
	{"POST /cases/{id}/contacts", false, (*Server).caseContactCreate},
	{"POST /cases/{id}/contacts/{cid}", false, (*Server).caseContactUpdate},
	{"POST /cases/{id}/status", false, (*Server).caseStatusUpdate},
	{"POST /cases/{id}/team", false, (*Server).caseTeamAdd},
	{"POST /cases/{id}/referrals", false, (*Server).caseReferralCreate},
	{"POST /cases/{id}/information", false, (*Server).caseInfoCreate},
	{"GET /services", false, (*Server).servicesPage},
	{"POST /services", false, (*Server).serviceCreate},
	{"POST /referrals/{id}/answer", false, (*Server).referralAnswer},
	{"GET /consents/new", false, (*Server).consentNewPage},
	{"POST /consents", false, (*Server).consentCreate},
	{"POST /consents/{id}/withdraw", false, (*Server).consentWithdraw},
	{"GET /consents/{id}/print", false, (*Server).consentPrint},
	{"GET /login", true, (*Server).loginPage},
	{"POST /login", true, (*Server).loginSubmit},
	{"GET /login/mfa", true, (*Server).mfaPage},
	{"POST /login/mfa", true, (*Server).mfaSubmit},
	{"POST /logout", true, (*Server).logout},
	{"GET /admin/organizations", false, (*Server).orgsPage},
	{"POST /admin/organizations", false, (*Server).orgCreate},
	{"GET /admin/organizations/{id}", false, (*Server).orgEditPage},
	{"POST /admin/organizations/{id}", false, (*Server).orgUpdate},
	{"POST /admin/organizations/{id}/retire", false, (*Server).orgRetire},
	{"GET /admin/users", false, (*Server).usersPage},
	{"POST /admin/users", false, (*Server).userCreate},
	{"GET /audit", false, (*Server).auditPage},
	{"GET /healthz", true, (*Server).healthz},

	// JSON API
	{"GET /api/v1/openapi.json", true, (*Server).openAPI},
	{"GET /api/v1/me", false, (*Server).apiMe},
	{"GET /api/v1/organizations", false, (*Server).apiOrganizations},
	{"PUT /api/v1/organizations/{id}", false, (*Server).apiUpdateOrganization},
	{"POST /api/v1/organizations/{id}/retire", false, (*Server).apiRetireOrganization},
	{"GET /api/v1/code-lists", false, (*Server).apiCodeLists},
	{"GET /api/v1/audit", false, (*Server).apiAudit},
	{"POST /api/v1/persons", false, (*Server).apiCreatePerson},
	{"GET /api/v1/persons", false, (*Server).apiSearchPersons},
	{"GET /api/v1/persons/{id}", false, (*Server).apiPerson},
	{"PATCH /api/v1/persons/{id}", false, (*Server).apiUpdatePerson},
	{"POST /api/v1/households", false, (*Server).apiCreateHousehold},
	{"POST /api/v1/households/{id}/members", false, (*Server).apiAddMember},
	{"GET /api/v1/households/{id}", false, (*Server).apiHousehold},
	{"POST /api/v1/relations", false, (*Server).apiAddRelation},
	{"POST /api/v1/cases", false, (*Server).apiCreateCase},
	{"GET /api/v1/cases", false, (*Server).apiCases},
	{"GET /api/v1/cases/{id}", false, (*Server).apiCase},
	{"POST /api/v1/cases/{id}/transitions", false, (*Server).apiTransition},
	{"POST /api/v1/cases/{id}/team", false, (*Server).apiAddTeam},
	{"POST /api/v1/cases/{id}/contacts", false, (*Server).apiAddContact},
	{"GET /api/v1/cases/{id}/contacts", false, (*Server).apiContacts},
	{"PATCH /api/v1/contacts/{id}", false, (*Server).apiUpdateContact},
	{"POST /api/v1/consents", false, (*Server).apiCreateConsent},
	{"POST /api/v1/consents/{id}/withdraw", false, (*Server).apiWithdrawConsent},
	{"POST /api/v1/referrals", false, (*Server).apiCreateReferral},
	{"GET /api/v1/referrals", false, (*Server).apiReferrals},
	{"POST /api/v1/referrals/{id}/accept", false, answerReferral("accept")},
	{"POST /api/v1/referrals/{id}/decline", false, answerReferral("decline")},
	{"POST /api/v1/referrals/{id}/complete", false, answerReferral("complete")},
	{"GET /api/v1/alerts", false, (*Server).apiAlerts},
	{"GET /api/v1/services", false, (*Server).apiServices},
	{"POST /api/v1/services", false, (*Server).apiCreateService},
	{"POST /api/v1/cases/{id}/information", false, (*Server).apiCreateProvision},
	{"GET /api/v1/cases/{id}/information", false, (*Server).apiProvisions},
}

// Handler returns the whole application with its middleware chain.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range routes {
		hf := rt.handler
		h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hf(s, w, r) }))
		if !rt.public {
			h = s.requireUser(h)
		}
		mux.Handle(rt.pattern, notePattern(h))
	}
	mux.Handle("GET /static/", s.assets)
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.apiError(w, r, notFoundAPI)
	}))
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.crossOriginDenied())
	return chain(mux,
		s.recoverPanics,
		securityHeaders,
		s.accessLog,
		s.limits,
		s.watchProxy,
		cop.Handler,
		s.identify,
	)
}

package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestAPIMe(t *testing.T) {
	e := newEnv(t)
	tok := e.token("coord")
	r := e.api("GET", "/api/v1/me", tok, nil)
	if r.StatusCode != 200 {
		t.Fatalf("status %d: %s", r.StatusCode, r.Body)
	}
	m := r.JSON(t)
	if m["email"] != "coord@example.jp" || m["organization_id"] != e.orgs["takikan"].ID || m["id"] == "" || m["version"] == nil {
		t.Fatalf("me = %v", m)
	}
	if roles, _ := m["roles"].([]any); len(roles) != 1 || roles[0] != "coordinator" {
		t.Fatalf("roles = %v", m["roles"])
	}
}

func TestAPIProblems(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cases := []struct {
		name, method, path, token string
		body                      any
		status                    int
		code                      string
	}{
		{"no token", "GET", "/api/v1/me", "", nil, 401, "unauthorized"},
		{"bad token", "GET", "/api/v1/me", "ksn_nope", nil, 401, "unauthorized"},
		{"unknown path", "GET", "/api/v1/nothing", tok, nil, 404, "not_found"},
		{"audit for worker", "GET", "/api/v1/audit", tok, nil, 403, "forbidden"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.api(c.method, c.path, c.token, c.body)
			if r.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, c.status, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Fatalf("content type %q", ct)
			}
			m := r.JSON(t)
			if m["code"] != c.code || m["status"] != float64(c.status) {
				t.Fatalf("problem = %v", m)
			}
			if title, _ := m["title"].(string); !hasJapanese(title) {
				t.Fatalf("title not Japanese: %q", title)
			}
		})
	}
}

func hasJapanese(s string) bool {
	for _, r := range s {
		if r >= 0x3040 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestAPIOrganizationsList(t *testing.T) {
	e := newEnv(t)
	r := e.api("GET", "/api/v1/organizations", e.token("worker"), nil)
	var body struct {
		Items []struct {
			ID, Name, Kind string
			Version        int
		} `json:"items"`
		NextCursor *string `json:"next_cursor"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.StatusCode != 200 {
		t.Fatalf("%d %s", r.StatusCode, r.Body)
	}
	if len(body.Items) != len(e.orgs) || body.NextCursor == nil {
		t.Fatalf("got %d items, want %d, cursor %v", len(body.Items), len(e.orgs), body.NextCursor)
	}
	for _, o := range body.Items {
		if o.ID == "" || o.Name == "" || o.Kind == "" || o.Version < 1 {
			t.Fatalf("incomplete organization %+v", o)
		}
	}
}

// TestOpenAPIInStepWithRoutes: every API route is documented and every
// documented operation is routed.
func TestOpenAPIInStepWithRoutes(t *testing.T) {
	e := newEnv(t)
	r := e.api("GET", "/api/v1/openapi.json", "", nil)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil || doc.OpenAPI == "" {
		t.Fatalf("openapi: %v %s", err, r.Body)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented[strings.ToUpper(m)+" /api/v1"+p] = true
		}
	}
	routed := map[string]bool{}
	for _, p := range webRoutePatterns() {
		if strings.Contains(p, " /api/") {
			routed[p] = true
			if !documented[p] {
				t.Errorf("route %s is not in openapi.json", p)
			}
		}
	}
	for p := range documented {
		if !routed[p] {
			t.Errorf("openapi.json documents %s which is not routed", p)
		}
	}
	// the API reaches what it documents: no documented route answers 404 "no such API"
	for p := range routed {
		method, path, _ := strings.Cut(p, " ")
		path = strings.NewReplacer("{id}", "x").Replace(path)
		res := e.api(method, path, e.token("worker"), map[string]any{})
		if res.StatusCode == http.StatusNotFound && strings.Contains(res.Body, "指定された API はありません") {
			t.Errorf("%s routed but not reached", p)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t)
	big := `{"x":"` + strings.Repeat("あ", 400_000) + `"}`
	r := e.browser()
	r.login("worker")
	res := r.post("/login", map[string][]string{"email": {big}})
	if res.StatusCode < 400 || res.StatusCode >= 500 {
		t.Fatalf("oversized form: status %d", res.StatusCode)
	}
}

// TestOpenAPIRefsResolve: every $ref points at a defined schema.
func TestOpenAPIRefsResolve(t *testing.T) {
	e := newEnv(t)
	body := e.api("GET", "/api/v1/openapi.json", "", nil).Body
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`"#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(body, -1) {
		if _, ok := doc.Components.Schemas[m[1]]; !ok {
			t.Errorf("undefined schema %s", m[1])
		}
	}
}

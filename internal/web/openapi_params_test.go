package web_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

type oaParam struct {
	Name     string         `json:"name"`
	In       string         `json:"in"`
	Required bool           `json:"required"`
	Schema   map[string]any `json:"schema"`
}

type oaOp struct {
	OperationID string                     `json:"operationId"`
	Summary     string                     `json:"summary"`
	Parameters  []oaParam                  `json:"parameters"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

// TestOpenAPIForGenerators: every operation has a unique, URL-safe
// operationId; every path parameter and every query parameter the summary
// mentions ("status=", "?cursor=") is declared, with enums where the value
// is a code; every operation but the public document answers problem+json
// for 401 and 403.
func TestOpenAPIForGenerators(t *testing.T) {
	e := newEnv(t)
	body := e.api("GET", "/api/v1/openapi.json", "", nil).Body
	var doc struct {
		Paths      map[string]map[string]oaOp `json:"paths"`
		Components struct {
			Responses map[string]struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"responses"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	mentioned := regexp.MustCompile(`[?（(、,\s]([a-z_]+)=`)
	gets := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			key := strings.ToUpper(method) + " " + path
			if !regexp.MustCompile(`^[a-z][A-Za-z0-9]+$`).MatchString(op.OperationID) {
				t.Errorf("%s: operationId %q", key, op.OperationID)
			}
			if other, dup := ids[op.OperationID]; dup {
				t.Errorf("operationId %s on %s and %s", op.OperationID, key, other)
			}
			ids[op.OperationID] = key
			declared := map[string]oaParam{}
			for _, p := range op.Parameters {
				declared[p.In+":"+p.Name] = p
			}
			for _, m := range regexp.MustCompile(`\{([a-z_]+)\}`).FindAllStringSubmatch(path, -1) {
				if p, ok := declared["path:"+m[1]]; !ok || !p.Required {
					t.Errorf("%s: path parameter %s not declared", key, m[1])
				}
			}
			for _, m := range mentioned.FindAllStringSubmatch(" "+op.Summary, -1) {
				_, inPath := declared["path:"+m[1]]
				if _, ok := declared["query:"+m[1]]; !ok && !inPath {
					t.Errorf("%s: the summary mentions %s= but it is not a declared query parameter", key, m[1])
				}
			}
			if method == "get" {
				gets++
			}
			if path != "/openapi.json" {
				for _, st := range []string{"401", "403"} {
					if !strings.Contains(string(op.Responses[st]), "#/components/responses/") {
						t.Errorf("%s: no problem+json %s response", key, st)
					}
				}
			}
		}
	}
	for name, r := range doc.Components.Responses {
		if _, ok := r.Content["application/problem+json"]; !ok {
			t.Errorf("response %s is not problem+json", name)
		}
	}
	// spot checks of the typed filters
	want := map[string][]string{
		"get /cases":                  {"status:enum", "cursor", "organization_id", "person_id", "lead_worker_id"},
		"get /referrals":              {"status:enum", "overdue"},
		"get /reports/annual/records": {"fiscal_year", "bunya:enum", "jigyo:enum", "reason:enum", "bucket:enum", "month", "section"},
		"get /exports/{kind}":         {"format:enum", "encoding:enum"},
		"get /persons":                {"q", "limit"},
	}
	for k, names := range want {
		method, path, _ := strings.Cut(k, " ")
		op := doc.Paths[path][method]
		for _, n := range names {
			name, needEnum := strings.CutSuffix(n, ":enum")
			var found *oaParam
			for i := range op.Parameters {
				if op.Parameters[i].Name == name && op.Parameters[i].In == "query" {
					found = &op.Parameters[i]
				}
			}
			if found == nil || (needEnum && found.Schema["enum"] == nil) {
				t.Errorf("%s: query parameter %s missing or without its enum", k, n)
			}
		}
	}
	if gets < 40 {
		t.Errorf("only %d GET operations", gets)
	}
}

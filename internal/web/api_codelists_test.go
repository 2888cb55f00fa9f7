package web_test

import (
	"encoding/json"
	"testing"

	"kasane/internal/casework"
)

func TestAPICodeLists(t *testing.T) {
	e := newEnv(t)
	r := e.api("GET", "/api/v1/code-lists", e.token("coord"), nil)
	if r.StatusCode != 200 {
		t.Fatalf("GET /api/v1/code-lists: %d %s", r.StatusCode, r.Body)
	}
	var body struct {
		Items []struct {
			Name     string `json:"name"`
			Label    string `json:"label"`
			FreeText *bool  `json:"free_text"`
			Values   []struct{ Value, Label string }
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for i, l := range body.Items {
		if l.FreeText == nil || l.Label == "" || len(l.Values) == 0 {
			t.Errorf("list %q lacks free_text, label or values", l.Name)
		}
		got[l.Name] = i
	}
	for _, want := range casework.CodeLists {
		i, ok := got[want.Name]
		if !ok {
			t.Errorf("list %s missing", want.Name)
			continue
		}
		if l := body.Items[i]; len(l.Values) != len(want.Items) || l.Values[0].Label != want.Items[0].Label || *l.FreeText != want.FreeText {
			t.Errorf("list %s differs: %+v", want.Name, l)
		}
	}
	org := body.Items[got["organization_kind"]]
	if org.Values[0].Value != "municipal_section" || org.Values[0].Label != "市の担当課" {
		t.Errorf("organization_kind: %+v", org.Values[0])
	}
	if e.api("GET", "/api/v1/code-lists", "", nil).StatusCode != 401 {
		t.Error("code lists without a token")
	}
}

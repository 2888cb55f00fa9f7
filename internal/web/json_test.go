package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestChunkedOversizeBody: a body sent without a length (chunked) that
// turns out over the limit while read is a 413 problem+json too, not a 422.
func TestChunkedOversizeBody(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	big := `{"family_name":"` + strings.Repeat("あ", 400_000) + `","given_name":"太郎"}` // > 1 MiB
	// a reader of unknown length makes the client send the body chunked
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/persons", io.MultiReader(strings.NewReader(big)))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	if req.ContentLength != 0 {
		t.Fatalf("the request has a length (%d): not chunked", req.ContentLength)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type %q", ct)
	}
	var p map[string]any
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil || p["code"] != "too_large" || p["detail"] == "" {
		t.Fatalf("problem %v %v", p, err)
	}
}

package casework

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryAuditActionHasALabel reads the code base: every Act… constant
// and every action written as a literal into an audit record must have a
// Japanese label on the audit page.
func TestEveryAuditActionHasALabel(t *testing.T) {
	consts := regexp.MustCompile(`\bAct[A-Z]\w*\s*=\s*"([a-z_]+)"`)
	literals := regexp.MustCompile(`\bAction:\s*"([a-z_]+)"`)
	found := map[string]string{}
	err := filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, re := range []*regexp.Regexp{consts, literals} {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				found[m[1]] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 10 {
		t.Fatalf("found only %d actions: %v", len(found), found)
	}
	for code, file := range found {
		if !AuditActionLabels.Has(code) {
			t.Errorf("audit action %q (%s) has no Japanese label in AuditActionLabels", code, file)
		}
		if l := AuditActionLabel(code); l == code || l == "" {
			t.Errorf("audit action %q is shown as its code", code)
		}
	}
}

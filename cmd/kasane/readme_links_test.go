package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeLinksStayInTheRepository: the README (and docs/) point only at
// files a clone has: no ../ paths, and every linked file exists.
func TestReadmeLinksStayInTheRepository(t *testing.T) {
	files, _ := filepath.Glob("../../docs/*.md")
	files = append(files, "../../README.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if strings.Contains(s, "../shared") || regexp.MustCompile("[`(]\\.\\./").MatchString(s) {
			t.Errorf("%s points outside the repository", f)
		}
		for _, m := range regexp.MustCompile(`\]\(([^)#:]+)\)`).FindAllStringSubmatch(s, -1) {
			if _, err := os.Stat(filepath.Join(filepath.Dir(f), m[1])); err != nil {
				t.Errorf("%s links to %s, which is not in the repository", f, m[1])
			}
		}
	}
	for _, want := range []string{"docs/API.md", "docs/ARCHITECTURE.md", "docs/DOMAIN.md"} {
		if _, err := os.Stat("../../" + want); err != nil {
			t.Errorf("%s missing", want)
		}
	}
}

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBenchStartupSmall: `kasane bench startup` on a small population starts
// once built from persons and twice from the snapshot (the second time with
// the changes made after it applied), and the hits are the same both ways.
func TestBenchStartupSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	data, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data"))
	if _, err := os.Stat(filepath.Join(data, "surnames.tsv")); err != nil {
		t.Skip("no bench data in ../shared/data")
	}
	out, err := exec.Command(kasaneBinary(t), "bench", "startup", "--persons", "3000", "--queries", "200", "--changes", "30",
		"--data", data, "--dir", t.TempDir()).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"baseline: built from the persons table", "from the snapshot  ", "same hits for all 200 queries, built from the table and from the snapshot: yes"} {
		if !strings.Contains(s, want) {
			t.Fatalf("no %q in\n%s", want, s)
		}
	}
	if !regexp.MustCompile(`from the snapshot \+ 30 changes since .* 30\n`).MatchString(s) {
		t.Fatalf("the 30 changes after the snapshot were not applied at the start:\n%s", s)
	}
}

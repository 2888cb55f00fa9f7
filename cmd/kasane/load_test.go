package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"kasane/internal/sqldb/sqldbtest"
)

// TestLoadCommand runs a small load test end to end. With KASANE_LOAD_ARGS
// set it runs `kasane load` with those arguments instead (the full run:
// KASANE_LOAD_ARGS="--db /tmp/load.db" go test -run TestLoadCommand -v -timeout 30m ./cmd/kasane).
func TestLoadCommand(t *testing.T) {
	args := []string{"--db", sqldbtest.DSN(t), "--cases", "600", "--users", "12", "--orgs", "3", "--duration", "1s", "--phase", "300ms"}
	if a := os.Getenv("KASANE_LOAD_ARGS"); a != "" {
		args = strings.Fields(a)
	} else if testing.Short() {
		t.Skip("short")
	}
	var out, errb bytes.Buffer
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	if err := cmdLoad(context.Background(), e, args); err != nil {
		t.Fatalf("load: %v\n%s", err, errb.String())
	}
	t.Log("\n" + out.String())
	for _, want := range []string{"ceiling", "case list alone", "case page alone", "mix:", "add contact"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("report lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "first error") {
		t.Fatalf("errors under load:\n%s", out.String())
	}
}

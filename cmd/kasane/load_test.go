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

// TestLoadThinkAlone: `--only think` runs the warm-up (reported apart) and
// the think-time mix alone; without --think it is refused before any work.
func TestLoadThinkAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dsn := sqldbtest.DSN(t)
	run := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
		err := cmdLoad(context.Background(), e, append([]string{"--db", dsn, "--cases", "300", "--users", "8", "--orgs", "2", "--phase", "200ms"}, args...))
		return out.String(), err
	}
	if out, err := run("--only", "think"); err == nil || !strings.Contains(err.Error(), "--think") || out != "" {
		t.Fatalf("--only think without --think: %v\n%s", err, out)
	}
	out, err := run("--only", "think", "--think", "50ms", "--warmup", "300ms", "--duration", "700ms")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name index loaded", "warm-up, the first 300ms of the same run, not counted below", "pausing 50ms on average", "requests over 100 ms, by the second they began in: [",
		"the same case list served from memory", "the same case page served from memory", // the ceilings of the same run
		"beside the ceilings of this run (8 users, no pause): hello world"} {
		if !strings.Contains(out, want) {
			t.Fatalf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "case list alone") || strings.Contains(out, "first error") {
		t.Fatalf("--only think ran more than the think-time mix, or had errors:\n%s", out)
	}
}

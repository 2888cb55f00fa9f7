package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kasane/internal/sqldb/sqldbtest"
)

// newDB returns a fresh database made as an operator makes one: kasane
// migrate. The other commands refuse a database that does not exist.
func newDB(t *testing.T) string {
	t.Helper()
	dsn := sqldbtest.DSN(t)
	if code, _, errs := cli(t, "", "migrate", "--db", dsn); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	return dsn
}

// TestMistypedDBIsNotCreated runs every command that works on an existing
// database against a missing one: each names what it did not find, exits
// non-zero and creates nothing (SQLite: no file; PostgreSQL: no tables in
// the fresh schema). migrate, municipality add and demo create one.
func TestMistypedDBIsNotCreated(t *testing.T) {
	dsn := sqldbtest.DSN(t) // nothing there yet
	pg := strings.HasPrefix(dsn, "postgres")
	csv := filepath.Join(t.TempDir(), "p.csv")
	_ = os.WriteFile(csv, []byte("氏\n"), 0o600)
	cmds := [][]string{
		{"serve", "--addr", "127.0.0.1:0"},
		{"org", "add", "--name", "x", "--kind", "municipal_section"},
		{"user", "add", "--org", "x", "--email", "a@example.jp", "--name", "x", "--role", "worker"},
		{"user", "reset-password", "--email", "a@example.jp"},
		{"user", "reset-mfa", "--email", "a@example.jp"},
		{"user", "disable", "--email", "a@example.jp"},
		{"user", "enable", "--email", "a@example.jp"},
		{"token", "create", "--user", "a@example.jp"},
		{"token", "list", "--user", "a@example.jp"},
		{"municipality", "set", "--inquiry-text", "x"},
		{"audit", "verify"},
		{"audit", "purge", "--user", "a@example.jp"},
		{"report", "annual", "--fiscal-year", "2026"},
		{"report", "verify"},
		{"report", "rebuild"},
		{"retention", "list"},
		{"juki", "apply", csv},
		{"report", "file-register"},
		{"export", "cases", "--user", "a@example.jp"},
		{"duplicates"},
		{"import", "persons", "--org", "x", csv},
		{"backup", filepath.Join(t.TempDir(), "b.backup")},
	}
	for _, c := range cmds {
		args := append(append([]string{}, c...), "--db", dsn)
		// flags after a positional argument are not parsed: put --db first
		if c[0] == "import" || c[0] == "backup" || c[0] == "juki" {
			n := len(c) - 1
			args = append(append(append([]string{}, c[:n]...), "--db", dsn), c[n])
		}
		code, out, errs := cli(t, "", args...)
		name := strings.Join(c[:min(2, len(c))], " ")
		if code == 0 || !strings.Contains(errs, "データベースが見つかりません") || !strings.Contains(errs, "kasane migrate") {
			t.Errorf("%s on a missing database: exit %d, stdout %q, stderr %q", name, code, out, errs)
		}
		if !pg && !strings.Contains(errs, dsn) {
			t.Errorf("%s does not name the missing file: %q", name, errs)
		}
		if !pg {
			if _, err := os.Stat(dsn); err == nil {
				t.Fatalf("%s created %s", name, dsn)
			}
		}
	}
	if pg {
		// the schema is still empty: migrate below applies every migration
		if code, out, _ := cli(t, "", "migrate", "--db", dsn); code != 0 || strings.Contains(out, "applied 0 ") {
			t.Fatalf("a command created tables in the empty schema: %s", out)
		}
	}
}

func TestMunicipalityAddCreatesTheDatabase(t *testing.T) {
	dsn := sqldbtest.DSN(t)
	if code, out, errs := cli(t, "", "municipality", "add", "--db", dsn, "--code", "131016", "--name", "千代田区"); code != 0 || strings.TrimSpace(out) == "" {
		t.Fatalf("municipality add on a new database: %d %q %s", code, out, errs)
	}
	if code, _, errs := cli(t, "", "org", "add", "--db", dsn, "--name", "福祉総合相談課", "--kind", "municipal_section"); code != 0 {
		t.Fatalf("org add after municipality add: %s", errs)
	}
}

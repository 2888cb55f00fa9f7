package sqldb

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestSQLiteURIWindowsAndUnixPaths(t *testing.T) {
	cases := []struct {
		path    string
		windows bool
		want    string
	}{
		{`C:\kasane\data\kasane.db`, true, "file:/C:/kasane/data/kasane.db?mode=ro"},
		{`d:/kasane/kasane.db`, true, "file:/d:/kasane/kasane.db?mode=ro"},
		{`data\kasane.db`, true, "file:data/kasane.db?mode=ro"},
		{"/var/lib/kasane/kasane.db", false, "file:/var/lib/kasane/kasane.db?mode=ro"},
		{"/srv/a#b?c%d/k.db", false, "file:/srv/a%23b%3fc%25d/k.db?mode=ro"},
		{`/srv/back\slash.db`, false, `file:/srv/back\slash.db?mode=ro`},
	}
	for _, c := range cases {
		if got := sqliteURIFor(c.path, "mode=ro", c.windows); got != c.want {
			t.Errorf("sqliteURIFor(%q, windows=%v) = %q, want %q", c.path, c.windows, got, c.want)
		}
	}
}

// TestSQLiteInAFolderWithURICharacters opens, writes, backs up and restores
// a database whose folder name holds characters a URI reserves.
func TestSQLiteInAFolderWithURICharacters(t *testing.T) {
	if os.Getenv("KASANE_TEST_DATABASE") != "" {
		t.Skip("SQLite only")
	}
	dir := filepath.Join(t.TempDir(), "区役所 #1 ?50%")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	path := filepath.Join(dir, "kasane.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateMunicipality(ctx, "131016", "千代田区"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "kasane.backup")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, side := range []string{"", "-audit"} {
		if _, err := os.Stat(path + side); err != nil {
			t.Fatalf("%s not beside the database: %v", path+side, err)
		}
	}
	restored := filepath.Join(dir, "restored.db")
	if err := Restore(ctx, restored, backup); err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ms, err := r.Municipalities(ctx)
	if err != nil || len(ms) != 1 {
		t.Fatalf("restored municipalities: %v %v", ms, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if name := e.Name(); filepath.Base(name) != name || containsAny(name, `:*"<>|`) {
			t.Errorf("file name not allowed on Windows: %q", name)
		}
	}
}

func containsAny(s, chars string) bool {
	for _, c := range chars {
		for _, d := range s {
			if c == d {
				return true
			}
		}
	}
	return false
}

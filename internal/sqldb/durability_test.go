package sqldb

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDurabilitySQLite(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckDurability(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestCheckPostgresRefusesAsyncCommit: synchronous_commit=off is refused,
// local and on are accepted.
func TestCheckPostgresRefusesAsyncCommit(t *testing.T) {
	base := os.Getenv("KASANE_TEST_DATABASE")
	if base == "" {
		t.Skip("needs KASANE_TEST_DATABASE")
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	for _, v := range []string{"off", "local", "on"} {
		ctx := context.Background()
		db, err := Open(ctx, base+sep+"synchronous_commit="+v)
		if err == nil {
			err = db.CheckDurability(ctx)
			db.Close()
		}
		if v == "off" {
			if err == nil || !strings.Contains(err.Error(), "synchronous_commit") {
				t.Fatalf("synchronous_commit=off accepted: %v", err)
			}
		} else if err != nil {
			t.Fatalf("synchronous_commit=%s refused: %v", v, err)
		}
	}
}

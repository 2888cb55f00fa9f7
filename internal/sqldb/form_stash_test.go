package sqldb_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestFormStashSealedBoundSingleUse: a kept form is stored encrypted, opens
// only for its user and page, and only once.
func TestFormStashSealedBoundSingleUse(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, sqldbtest.DSN(t), keyA)
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "機関", "npo")
	u, _ := sqldbtest.User(t, db, sys, org, "a@example.jp", "worker")
	other, _ := sqldbtest.User(t, db, sys, org, "b@example.jp", "worker")
	note := "本人と面談。来週もう一度訪問する。"
	if err := db.SaveFormStash(ctx, u.ID, sys.MunicipalityID, "hash1", "/cases/1", url.Values{"content": {note}}); err != nil {
		t.Fatal(err)
	}
	stored, err := sqldb.StoredStash(ctx, db, "hash1")
	if err != nil || strings.Contains(stored, note) || !strings.HasPrefix(stored, "v1:"+db.SecretKeyID()+":") {
		t.Fatalf("stored %q %v", stored, err)
	}
	if _, err := db.TakeFormStash(ctx, other.ID, "hash1", "/cases/1"); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("other user: %v", err)
	}
	if _, err := db.TakeFormStash(ctx, u.ID, "hash1", "/cases/2"); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("other page: %v", err)
	}
	st, err := db.TakeFormStash(ctx, u.ID, "hash1", "/cases/1")
	if err != nil || st.Values.Get("content") != note {
		t.Fatalf("owner: %+v %v", st, err)
	}
	if _, err := db.TakeFormStash(ctx, u.ID, "hash1", "/cases/1"); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("second take: %v", err)
	}
}
